package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Dynamic-consistency-boundary appends: an append with an {@link AppendCondition} fails if an event
 * matching the condition's query was recorded after the condition's position, in any stream.
 */
public interface ConditionContract extends StoreFixture {

    /** Rounds of the username race; each round is a fresh name. */
    int RACE_ROUNDS = 50;

    private static Query username(String name) {
        return Query.of(QueryItem.types("UsernameClaimed", "UsernameReleased").withTags("username:" + name));
    }

    private static EventData claim(String name) {
        return EventData.of("UsernameClaimed", "{\"username\":\"" + name + "\"}").withTags("username:" + name);
    }

    @Test
    default void aConditionFailsWhenAMatchingEventWasRecordedAfterItsPosition() {
        append(newStream("user"), claim("alice"));
        long readUpTo = store().headPosition();
        AppendResult conflicting = append(newStream("user"), claim("alice"));
        String stream = newStream("user");
        StoreState before = storeState();
        AppendCondition condition = AppendCondition.noneMatchingAfter(username("alice"), readUpTo);

        AppendConditionFailedException e = catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(claim("alice")), condition));

        assertThat(e).isNotNull();
        assertThat(e.streamId()).isEqualTo(stream);
        assertThat(e.condition()).isEqualTo(condition);
        assertThat(e.conflictingPosition()).isEqualTo(conflicting.lastPosition());
        assertThat(e.getMessage()).contains(stream).contains(username("alice").toString())
                .contains("after position " + readUpTo).contains(Long.toString(conflicting.lastPosition()));
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void theConflictingPositionIsAMatchAfterTheConditionsPosition() {
        AppendResult first = append(newStream("user"), claim("bob"));
        append(newStream("user"), event("Noise"));
        AppendResult second = append(newStream("user"), claim("bob"));
        AppendResult third = append(newStream("user"), claim("bob"));
        AppendCondition condition = AppendCondition.noneMatchingAfter(username("bob"), first);

        AppendConditionFailedException e = catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("bob")), condition));

        assertThat(e).isNotNull();
        assertThat(e.conflictingPosition()).isIn(second.lastPosition(), third.lastPosition());
    }

    @Test
    default void aConditionHoldsWhenTheOnlyMatchesAreAtOrBeforeItsPosition() {
        append(newStream("user"), claim("alice"));
        AppendResult lastMatch = append(newStream("user"), tagged("UsernameReleased", "username:alice"));
        appendEvents(newStream("user"), 2);
        String stream = newStream("user");

        AppendResult result = store().append(stream, ExpectedVersion.any(), List.of(claim("alice")),
                AppendCondition.noneMatchingAfter(username("alice"), lastMatch));

        assertThat(result.nextExpectedVersion()).isEqualTo(1);
        assertThat(readStream(stream)).hasSize(1);
        assertThat(store().read(username("alice"), 0, Long.MAX_VALUE).toList()).hasSize(3);
    }

    @Test
    default void aConditionAfterTheHeadPositionHolds() {
        append(newStream("user"), claim("alice"));
        long head = store().headPosition();
        AppendResult result = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("alice")),
                AppendCondition.noneMatchingAfter(username("alice"), head));
        assertThat(result.lastPosition()).isGreaterThan(head);
    }

    @Test
    default void aConditionAfterZeroFailsIfAnyMatchingEventExists() {
        AppendResult existing = append(newStream("user"), claim("carol"));
        String stream = newStream("user");
        StoreState before = storeState();

        AppendConditionFailedException e = catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(claim("carol")),
                        AppendCondition.noneMatching(username("carol"))));

        assertThat(e).isNotNull();
        assertThat(e.condition().after()).isZero();
        assertThat(e.conflictingPosition()).isEqualTo(existing.lastPosition());
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void aConditionAfterZeroHoldsIfNoMatchingEventExists() {
        append(newStream("user"), claim("dave"));
        append(newStream("user"), tagged("UsernameClaimed", "username:erin", "extra:tag"));
        String stream = newStream("user");

        AppendResult result = store().append(stream, ExpectedVersion.noStream(), List.of(claim("frank")),
                AppendCondition.noneMatching(username("frank")));

        assertThat(result.nextExpectedVersion()).isEqualTo(1);
        assertThat(store().read(username("frank"), 0, Long.MAX_VALUE).toList()).hasSize(1);
    }

    @Test
    default void aConditionOnAnEmptyStoreHolds() {
        AppendResult result = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("alice")),
                AppendCondition.noneMatching(Query.all()));
        assertThat(result.nextExpectedVersion()).isEqualTo(1);
    }

    @Test
    default void eventsAfterThePositionThatDoNotMatchDoNotMatter() {
        AppendResult readUpTo = append(newStream("user"), claim("alice"));
        append(newStream("user"), claim("bob"));
        append(newStream("user"), tagged("UsernameChanged", "username:alice"));
        append(newStream("user"), tagged("UsernameClaimed", "user:alice"));
        append(newStream("order"), event("OrderPlaced"));

        AppendResult result = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("alice")),
                AppendCondition.noneMatchingAfter(username("alice"), readUpTo));
        assertThat(result.nextExpectedVersion()).isEqualTo(1);
    }

    @Test
    default void matchingEventsInOtherStreamsAndCategoriesCount() {
        long readUpTo = store().headPosition();
        append("elsewhere-1", claim("gina"));
        String stream = newStream("user");

        assertThat(catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(claim("gina")),
                        AppendCondition.noneMatchingAfter(username("gina"), readUpTo)))).isNotNull();
        assertThat(readStream(stream)).isEmpty();
    }

    @Test
    default void matchingEventsInTheSameStreamCount() {
        String stream = newStream("user");
        long readUpTo = store().headPosition();
        append(stream, claim("hank"));

        assertThat(catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(claim("hank")),
                        AppendCondition.noneMatchingAfter(username("hank"), readUpTo)))).isNotNull();
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    @Test
    default void anyItemOfTheQueryCanFailTheCondition() {
        long readUpTo = store().headPosition();
        append(newStream("room"), tagged("RoomBooked", "room:101", "night:2024-05-01"));
        Query query = Query.of(QueryItem.types("RoomBooked").withTags("room:102", "night:2024-05-01"),
                QueryItem.types("RoomBooked").withTags("room:101", "night:2024-05-01"));

        assertThat(catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(newStream("room"), ExpectedVersion.any(),
                        List.of(tagged("RoomBooked", "room:102", "night:2024-05-01")),
                        AppendCondition.noneMatchingAfter(query, readUpTo)))).isNotNull();

        Query other = Query.of(QueryItem.types("RoomBooked").withTags("room:101", "night:2024-05-02"));
        assertThat(store().append(newStream("room"), ExpectedVersion.any(),
                List.of(tagged("RoomBooked", "room:101", "night:2024-05-02")),
                AppendCondition.noneMatchingAfter(other, readUpTo)).nextExpectedVersion()).isEqualTo(1);
    }

    @Test
    default void theExpectedVersionIsStillCheckedOnAConditionalAppend() {
        String stream = newStream("user");
        appendEvents(stream, 1);
        StoreState before = storeState();

        WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                () -> store().append(stream, ExpectedVersion.noStream(), List.of(claim("ivan")),
                        AppendCondition.noneMatching(username("ivan"))));

        assertThat(e).isNotNull();
        assertThat(e.actualVersion()).isEqualTo(1);
        assertUnchanged(before, stream, 1);
    }

    @Test
    default void aConditionalAppendOfSeveralEventsWritesThemAll() {
        String stream = newStream("user");
        List<EventData> events = List.of(claim("judy"), event("ProfileCreated"), event("WelcomeSent"));
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), events,
                AppendCondition.noneMatching(username("judy")));
        assertThat(result.nextExpectedVersion()).isEqualTo(3);
        assertThat(ids(readStream(stream))).isEqualTo(dataIds(events));
    }

    @Test
    default void readThenAppendWithTheLastPositionReadIsTheDecisionLoop() {
        Query query = username("kate");
        List<RecordedEvent> facts = store().read(query, 0, Long.MAX_VALUE).toList();
        long after = facts.isEmpty() ? 0 : facts.get(facts.size() - 1).position();
        store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("kate")),
                AppendCondition.noneMatchingAfter(query, after));

        // A second writer that decided on the same (now stale) facts fails.
        assertThat(catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("kate")),
                        AppendCondition.noneMatchingAfter(query, after)))).isNotNull();

        // Reading again shows the claim; a release after it lets a new claim through.
        List<RecordedEvent> again = store().read(query, 0, Long.MAX_VALUE).toList();
        assertThat(again).hasSize(1);
        AppendResult release = store().append(again.get(0).streamId(), ExpectedVersion.exactly(1),
                List.of(tagged("UsernameReleased", "username:kate")),
                AppendCondition.noneMatchingAfter(query, again.get(0).position()));
        store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("kate")),
                AppendCondition.noneMatchingAfter(query, release));
        assertThat(store().read(query, 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("UsernameClaimed", "UsernameReleased", "UsernameClaimed");
    }

    @Test
    default void ofTwoRacingClaimsOfOneUsernameExactlyOneWinsEveryTime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                String name = "user" + round;
                Query query = username(name);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int racer = 0; racer < 2; racer++) {
                    racers.add(pool.submit(() -> {
                        List<RecordedEvent> facts = store().read(query, 0, Long.MAX_VALUE).toList();
                        long after = facts.isEmpty() ? 0 : facts.get(facts.size() - 1).position();
                        // Both have read before either appends: both decided the name is free.
                        start.await(10, TimeUnit.SECONDS);
                        try {
                            store().append(newStream("user"), ExpectedVersion.any(), List.of(claim(name)),
                                    AppendCondition.noneMatchingAfter(query, after));
                            return true;
                        } catch (AppendConditionFailedException lost) {
                            return false;
                        }
                    }));
                }
                int winners = 0;
                for (Future<Boolean> racer : racers) {
                    if (racer.get(10, TimeUnit.SECONDS)) {
                        winners++;
                    }
                }
                assertThat(winners).as("winners of round %d", round).isEqualTo(1);
                assertThat(store().read(query, 0, Long.MAX_VALUE).toList()).as("claims of %s", name).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(readAll()).hasSize(RACE_ROUNDS);
    }

    @Test
    default void aConditionFromAnAppendResultStartsAtThatAppend() {
        AppendResult claimed = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("lena")),
                AppendCondition.noneMatching(username("lena")));
        AppendCondition since = AppendCondition.noneMatchingAfter(username("lena"), claimed);

        assertThat(since.query()).isEqualTo(username("lena"));
        assertThat(since.after()).isEqualTo(claimed.lastPosition());
        assertThat(since.consistentPosition()).isEqualTo(claimed.consistentPosition())
                .isLessThanOrEqualTo(claimed.lastPosition());
        assertThat(AppendCondition.noneMatchingAfter(username("lena"), 7).consistentPosition()).isEqualTo(7);
    }

    @Test
    default void aConditionFromTheCallersOwnAppendHoldsWhenNothingMatchingFollowedIt() {
        String stream = newStream("user");
        AppendResult claimed = store().append(stream, ExpectedVersion.noStream(), List.of(claim("mona")),
                AppendCondition.noneMatching(username("mona")));
        append(newStream("user"), claim("nils"));
        append(newStream("user"), tagged("UsernameChanged", "username:mona"));

        // The caller's own claim matches the query and lies below the condition's position: it does not count.
        AppendResult confirmed = store().append(stream, ExpectedVersion.exactly(claimed.nextExpectedVersion()),
                List.of(tagged("UsernameReleased", "username:mona")),
                AppendCondition.noneMatchingAfter(username("mona"), claimed));
        AppendResult again = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("mona")),
                AppendCondition.noneMatchingAfter(username("mona"), confirmed));

        assertThat(again.lastPosition()).isGreaterThan(confirmed.lastPosition());
        assertThat(store().read(username("mona"), 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("UsernameClaimed", "UsernameReleased", "UsernameClaimed");
    }

    @Test
    default void aConditionFromTheCallersOwnAppendFailsWhenAMatchingEventFollowedIt() {
        AppendResult claimed = store().append(newStream("user"), ExpectedVersion.any(), List.of(claim("olga")),
                AppendCondition.noneMatching(username("olga")));
        AppendResult other = append(newStream("user"), claim("olga"));
        String stream = newStream("user");
        StoreState before = storeState();
        AppendCondition condition = AppendCondition.noneMatchingAfter(username("olga"), claimed);

        AppendConditionFailedException e = catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(claim("olga")), condition));

        assertThat(e).isNotNull();
        assertThat(e.condition()).isEqualTo(condition);
        assertThat(e.conflictingPosition()).isEqualTo(other.lastPosition());
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void aRetriedAppendReturnsAConsistentPositionToContinueFrom() {
        String stream = newStream("user");
        EventData claim = claim("pia");
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), List.of(claim),
                AppendCondition.noneMatching(username("pia")));
        AppendResult retried = store().append(stream, ExpectedVersion.noStream(), List.of(claim),
                AppendCondition.noneMatching(username("pia")));

        assertThat(retried.lastPosition()).isEqualTo(first.lastPosition());
        assertThat(retried.nextExpectedVersion()).isEqualTo(1);
        assertThat(retried.consistentPosition()).isLessThanOrEqualTo(retried.lastPosition());
        store().append(stream, ExpectedVersion.exactly(1), List.of(tagged("UsernameReleased", "username:pia")),
                AppendCondition.noneMatchingAfter(username("pia"), retried));
        assertThat(store().streamVersion(stream)).isEqualTo(2);
    }
}
