package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The idempotency rule of {@link dev.eventstore.EventWriter}: a retry of a recorded append returns its
 * result and writes nothing; any other reuse of a recorded id fails naming the id.
 */
public interface IdempotencyContract extends StoreFixture {

    // ---------------------------------------------------------------- retries

    @Test
    default void aRetryWithTheSameExactExpectedVersionReturnsTheFirstResultAndWritesNothing() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        List<EventData> events = events("Deposited", 3);
        AppendResult first = store().append(stream, ExpectedVersion.exactly(2), events);
        StoreState before = storeState();

        AppendResult retry = store().append(stream, ExpectedVersion.exactly(2), events);

        assertThat(retry).isEqualTo(first);
        assertUnchanged(before, stream, 5);
    }

    @Test
    default void aRetryWithNoStreamReturnsTheFirstResultAndWritesNothing() {
        String stream = newStream("account");
        List<EventData> events = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.noStream(), events)).isEqualTo(first);
        assertThat(store().append(stream, ExpectedVersion.exactly(0), events)).isEqualTo(first);
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void aRetrySucceedsAfterTheStreamHasMovedOn() {
        String stream = newStream("account");
        List<EventData> events = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events);
        store().append(stream, ExpectedVersion.exactly(2), events("Deposited", 3));
        appendEvents(newStream("order"), 2);
        StoreState before = storeState();

        AppendResult retry = store().append(stream, ExpectedVersion.noStream(), events);

        assertThat(retry).isEqualTo(first);
        assertThat(retry.nextExpectedVersion()).isEqualTo(2);
        assertUnchanged(before, stream, 5);
    }

    @Test
    default void aRetryOfAnExactAppendInTheMiddleOfAStreamSucceedsAfterTheStreamHasMovedOn() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        List<EventData> events = events("Deposited", 2);
        AppendResult first = store().append(stream, ExpectedVersion.exactly(1), events);
        appendEvents(stream, 4);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.exactly(1), events)).isEqualTo(first);
        assertUnchanged(before, stream, 7);
    }

    @Test
    default void aRetryWithAnyReturnsTheFirstResultWhereverTheEventsAre() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        List<EventData> events = events("Deposited", 2);
        AppendResult first = store().append(stream, ExpectedVersion.any(), events);
        appendEvents(stream, 3);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.any(), events)).isEqualTo(first);
        assertUnchanged(before, stream, 7);
    }

    @Test
    default void aRetryWithStreamExistsReturnsTheFirstResult() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        List<EventData> events = events("Deposited", 2);
        AppendResult first = store().append(stream, ExpectedVersion.streamExists(), events);
        appendEvents(stream, 1);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.streamExists(), events)).isEqualTo(first);
        assertUnchanged(before, stream, 4);
    }

    @Test
    default void aRetryMayUseAnotherExpectedVersionThatNamesTheSamePlace() {
        String stream = newStream("account");
        List<EventData> events = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.any(), events)).isEqualTo(first);
        assertThat(store().append(stream, ExpectedVersion.streamExists(), events)).isEqualTo(first);
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void aRetryOfTheTailOfAnAppendWithAnyReturnsWhereThoseEventsAre() {
        String stream = newStream("account");
        List<EventData> events = events("Deposited", 3);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();

        AppendResult retry = store().append(stream, ExpectedVersion.any(), events.subList(1, 3));

        assertThat(retry).isEqualTo(first);
        assertUnchanged(before, stream, 3);
    }

    @Test
    default void aRetriedConditionalAppendSucceedsWithoutCheckingItsConditionAgain() {
        String stream = newStream("user");
        Query alice = Query.of(QueryItem.types("UsernameClaimed").withTags("username:alice"));
        List<EventData> claim = List.of(tagged("UsernameClaimed", "username:alice"));
        AppendCondition condition = AppendCondition.noneMatching(alice);
        AppendResult first = store().append(stream, ExpectedVersion.any(), claim, condition);
        StoreState before = storeState();

        // The condition now fails (the claim itself matches it), but the retry is recognised first.
        AppendResult retry = store().append(stream, ExpectedVersion.any(), claim, condition);

        assertThat(retry).isEqualTo(first);
        assertUnchanged(before, stream, 1);
        assertThat(store().read(alice, 0, Long.MAX_VALUE).toList()).hasSize(1);
    }

    @Test
    default void idsOfARecordedAppendCanBeRetriedManyTimes() {
        String stream = newStream("account");
        List<EventData> events = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();
        for (int i = 0; i < 3; i++) {
            assertThat(store().append(stream, ExpectedVersion.noStream(), events)).isEqualTo(first);
        }
        assertUnchanged(before, stream, 2);
    }

    // ---------------------------------------------------------------- reuse that is no retry

    @Test
    default void reusingSomeRecordedIdsWithNewOnesFailsNamingARecordedId() {
        String stream = newStream("account");
        List<EventData> events = events("Deposited", 2);
        store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();

        List<EventData> mixed = List.of(events.get(0), events.get(1), event("New"));
        assertDuplicate(stream, ExpectedVersion.noStream(), mixed, dataIds(events));
        assertDuplicate(stream, ExpectedVersion.any(), mixed, dataIds(events));
        assertDuplicate(stream, ExpectedVersion.any(), List.of(event("New"), events.get(1)),
                List.of(events.get(1).id()));
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void reusingIdsRecordedInAnotherStreamFailsNamingTheId() {
        String stream = newStream("account");
        List<EventData> events = events("Deposited", 2);
        store().append(stream, ExpectedVersion.noStream(), events);
        String other = newStream("account");
        StoreState before = storeState();

        assertDuplicate(other, ExpectedVersion.any(), events, dataIds(events));
        assertDuplicate(other, ExpectedVersion.noStream(), events, dataIds(events));
        assertUnchanged(before, other, 0);
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void reusingIdsInAnotherOrderFailsNamingAnId() {
        String stream = newStream("account");
        List<EventData> events = events("Deposited", 2);
        store().append(stream, ExpectedVersion.noStream(), events);
        StoreState before = storeState();

        assertDuplicate(stream, ExpectedVersion.any(), List.of(events.get(1), events.get(0)), dataIds(events));
        assertDuplicate(stream, ExpectedVersion.noStream(), List.of(events.get(1), events.get(0)), dataIds(events));
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void reusingIdsThatAreNotConsecutiveInTheStreamFailsNamingAnId() {
        String stream = newStream("account");
        EventData a = event("A");
        EventData b = event("B");
        append(stream, a);
        appendEvents(stream, 1);
        append(stream, b);
        StoreState before = storeState();

        assertDuplicate(stream, ExpectedVersion.any(), List.of(a, b), List.of(a.id(), b.id()));
        assertUnchanged(before, stream, 3);
    }

    @Test
    default void reusingIdsAtAnotherPlaceThanTheExpectedVersionNamesFailsNamingAnId() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        List<EventData> events = events("Deposited", 2);
        store().append(stream, ExpectedVersion.exactly(1), events);
        appendEvents(stream, 2);
        StoreState before = storeState();

        assertDuplicate(stream, ExpectedVersion.exactly(5), events, dataIds(events));
        assertDuplicate(stream, ExpectedVersion.exactly(2), events, dataIds(events));
        assertDuplicate(stream, ExpectedVersion.exactly(0), events, dataIds(events));
        assertDuplicate(stream, ExpectedVersion.noStream(), events, dataIds(events));
        assertUnchanged(before, stream, 5);
    }

    @Test
    default void theSameIdTwiceInOneAppendIsBadInput() {
        String stream = newStream("account");
        EventData twin = event("A");
        StoreState before = storeState();
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(twin, event("B"), twin)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(twin.id().toString());
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void theSameIdWithOtherContentIsStillTheSameEvent() {
        String stream = newStream("account");
        EventData original = event("Deposited");
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), List.of(original));
        EventData sameId = EventData.of("Withdrawn", "{\"other\":true}").withId(original.id());

        assertThat(store().append(stream, ExpectedVersion.noStream(), List.of(sameId))).isEqualTo(first);
        assertThat(readStream(stream)).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("Deposited"));
    }

    private void assertDuplicate(String stream, ExpectedVersion expected, List<EventData> events,
            List<UUID> reusedIds) {
        DuplicateEventIdException e = catchThrowableOfType(DuplicateEventIdException.class,
                () -> store().append(stream, expected, events));
        assertThat(e).as("reuse of recorded ids in %s expecting %s", stream, expected).isNotNull();
        assertThat(reusedIds).contains(e.eventId());
        assertThat(e.getMessage()).contains(e.eventId().toString());
    }
}
