package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventstore.AppendCondition;
import dev.eventstore.Direction;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventHandler;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.projection.CheckpointStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to every method of the store: an {@link IllegalArgumentException} whose message names the
 * parameter and, when there is one, the bad value; and a rejected append writes nothing.
 */
public interface InputValidationContract extends StoreFixture {

    /** A stream id one character too long. */
    String TOO_LONG_ID = "s" + "x".repeat(StreamIds.MAX_LENGTH);

    /**
     * Stream ids every method must refuse, each with the text its error message must hold
     * (the value, or for a long one its length).
     */
    private static List<String[]> badStreamIds() {
        return List.of(
                new String[] {"", "blank"},
                new String[] {"   ", "blank"},
                new String[] {"\t", "blank"},
                new String[] {TOO_LONG_ID, Integer.toString(TOO_LONG_ID.length())},
                new String[] {"bad\u0007id", "bad"},
                new String[] {"line\nbreak", "line"},
                new String[] {"nul\u0000char", "nul"},
                new String[] {"del\u007fchar", "del"},
                // Half of a surrogate pair: the PostgreSQL and SQLite drivers write it as '?', so two
                // ids that differ only in such a half would be one stream there and two in memory.
                new String[] {"acct-\ud800", "'acct-\\ud800'"},
                new String[] {"\udc00-1", "'\\udc00-1'"},
                new String[] {"acct-\ude00\ud83d", "\\ude00"},
                new String[] {"acct-\ud83d\ud83d\ude00", "\\ud83d"});
    }

    /**
     * Asserts that {@code call} throws {@link IllegalArgumentException} whose message holds every one
     * of {@code mentions}.
     */
    private static void assertRejected(Executable call, String... mentions) {
        Throwable thrown = catchThrowable(call::execute);
        assertThat(thrown).as("call expected to be rejected, mentioning %s", Arrays.toString(mentions))
                .isInstanceOf(IllegalArgumentException.class);
        for (String mention : mentions) {
            assertThat(thrown.getMessage()).as("message of %s", thrown).contains(mention);
        }
        // Half of a surrogate pair printed as it is turns into '?' in a log: it must be escaped.
        assertThat(thrown.getMessage().codePoints()
                .filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                .as("lone surrogates in the message of %s", thrown)
                .isEmpty();
    }

    // ---------------------------------------------------------------- appends

    @Test
    default void appendRejectsBadStreamIdsAndWritesNothing() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        StoreState before = storeState();
        assertRejected(() -> store().append(null, ExpectedVersion.any(), events("A", 1)), "streamId", "null");
        assertRejected(() -> store().append(null, ExpectedVersion.any(), events("A", 1),
                AppendCondition.noneMatching(Query.all())), "streamId", "null");
        for (String[] bad : badStreamIds()) {
            assertRejected(() -> store().append(bad[0], ExpectedVersion.any(), events("A", 1)), "streamId", bad[1]);
            assertRejected(() -> store().append(bad[0], ExpectedVersion.any(), events("A", 1),
                    AppendCondition.noneMatching(Query.all())), "streamId", bad[1]);
        }
        assertUnchanged(before, stream, 1);
    }

    @Test
    default void appendRejectsAMissingExpectedVersionAndWritesNothing() {
        String stream = newStream("account");
        StoreState before = storeState();
        assertRejected(() -> store().append(stream, null, events("A", 1)), "expectedVersion", "null");
        assertRejected(() -> store().append(stream, null, events("A", 1), AppendCondition.noneMatching(Query.all())),
                "expectedVersion", "null");
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void appendRejectsMissingEmptyOrNullHoldingEventListsAndWritesNothing() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        StoreState before = storeState();
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), null), "events", "null");
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), List.of()), "events", "empty");
        List<EventData> withNull = new ArrayList<>(events("A", 2));
        withNull.add(null);
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), withNull), "events", "null", "2");
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), withNull,
                AppendCondition.noneMatching(Query.all())), "events", "null");
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), List.of(),
                AppendCondition.noneMatching(Query.all())), "events", "empty");
        assertUnchanged(before, stream, 2);
    }

    @Test
    default void appendRejectsTwoEventsWithOneIdAndWritesNothing() {
        String stream = newStream("account");
        StoreState before = storeState();
        EventData event = event("A");
        EventData twin = event("B").withId(event.id());
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), List.of(event, twin)),
                event.id().toString());
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), List.of(event, twin),
                AppendCondition.noneMatching(Query.of(QueryItem.types("Nothing")))), event.id().toString());
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void appendRejectsAMissingConditionAndWritesNothing() {
        String stream = newStream("account");
        StoreState before = storeState();
        assertRejected(() -> store().append(stream, ExpectedVersion.any(), events("A", 1), null), "condition",
                "null");
        assertUnchanged(before, stream, 0);
    }

    @Test
    default void theLongestValidStreamIdIsAccepted() {
        String longest = "s" + "x".repeat(StreamIds.MAX_LENGTH - 1);
        store().append(longest, ExpectedVersion.noStream(), events("A", 1));
        assertThat(store().streamVersion(longest)).isEqualTo(1);
        assertThat(readStream(longest)).singleElement().satisfies(e -> assertThat(e.streamId()).isEqualTo(longest));
    }

    // ---------------------------------------------------------------- reads

    @Test
    default void readStreamRejectsBadArguments() {
        assertRejected(() -> store().readStream(null), "streamId", "null");
        assertRejected(() -> store().readStream(null, 1, 10, Direction.FORWARD), "streamId", "null");
        for (String[] bad : badStreamIds()) {
            assertRejected(() -> store().readStream(bad[0]), "streamId", bad[1]);
            assertRejected(() -> store().readStream(bad[0], 1, 10, Direction.BACKWARD), "streamId", bad[1]);
        }
        assertRejected(() -> store().readStream("account-1", -1, 10, Direction.FORWARD), "fromVersion", "-1");
        assertRejected(() -> store().readStream("account-1", Long.MIN_VALUE, 10, Direction.BACKWARD), "fromVersion",
                Long.toString(Long.MIN_VALUE));
        assertRejected(() -> store().readStream("account-1", 1, -1, Direction.FORWARD), "maxCount", "-1");
        assertRejected(() -> store().readStream("account-1", 1, 10, null), "direction", "null");
    }

    @Test
    default void readAllRejectsNegativeNumbers() {
        assertRejected(() -> store().readAll(-1, 10), "afterPosition", "-1");
        assertRejected(() -> store().readAll(0, -5), "maxCount", "-5");
    }

    @Test
    default void readRejectsBadArguments() {
        assertRejected(() -> store().read((EventFilter) null, 0, 10), "filter", "null");
        assertRejected(() -> store().read(EventFilter.all(), -3, 10), "afterPosition", "-3");
        assertRejected(() -> store().read(EventFilter.all(), 0, -7), "maxCount", "-7");
        assertRejected(() -> store().read((Query) null, 0, 10), "query", "null");
        assertRejected(() -> store().read(Query.all(), -3, 10), "afterPosition", "-3");
        assertRejected(() -> store().read(Query.all(), 0, -7), "maxCount", "-7");
        assertRejected(() -> store().readBackward(null, Long.MAX_VALUE, 10), "query", "null");
        assertRejected(() -> store().readBackward(Query.all(), -2, 10), "beforePosition", "-2");
        assertRejected(() -> store().readBackward(Query.all(), Long.MAX_VALUE, -4), "maxCount", "-4");
        assertRejected(() -> store().readLast(null), "query", "null");
    }

    @Test
    default void readCategoryRejectsBadCategoriesAndNegativeNumbers() {
        assertRejected(() -> store().readCategory(null, 0, 10), "category", "null");
        assertRejected(() -> store().readCategory("account-1", 0, 10), "category", "account-1", "-");
        assertRejected(() -> store().readCategory("-", 0, 10), "category", "'-'");
        assertRejected(() -> store().readCategory(" ", 0, 10), "category", "blank");
        assertRejected(() -> store().readCategory("c" + "x".repeat(StreamIds.MAX_LENGTH), 0, 10), "category",
                Integer.toString(StreamIds.MAX_LENGTH + 1));
        assertRejected(() -> store().readCategory("acc\u0001ount", 0, 10), "category", "acc");
        assertRejected(() -> store().readCategory("acct\ud800", 0, 10), "category", "\\ud800");
        assertRejected(() -> store().readCategory("account", -1, 10), "afterPosition", "-1");
        assertRejected(() -> store().readCategory("account", 0, -1), "maxCount", "-1");
    }

    @Test
    default void streamVersionRejectsBadStreamIds() {
        assertRejected(() -> store().streamVersion(null), "streamId", "null");
        for (String[] bad : badStreamIds()) {
            assertRejected(() -> store().streamVersion(bad[0]), "streamId", bad[1]);
        }
    }

    @Test
    default void filtersRejectBadArguments() {
        assertRejected(() -> EventFilter.stream(null), "streamId", "null");
        for (String[] bad : badStreamIds()) {
            assertRejected(() -> EventFilter.stream(bad[0]), "streamId", bad[1]);
        }
        assertRejected(() -> EventFilter.category("a-b"), "category", "a-b");
        assertRejected(() -> EventFilter.category(""), "category", "blank");
        assertRejected(() -> EventFilter.matching(null), "query", "null");
    }

    // ---------------------------------------------------------------- subscriptions

    @Test
    default void subscribeRejectsBadArguments() {
        EventHandler handler = e -> { };
        EventBatchHandler batchHandler = batch -> { };
        SubscriptionOptions options = SubscriptionOptions.of(EventFilter.all(), 0);
        assertRejected(() -> store().subscribe(null, handler), "options", "null");
        assertRejected(() -> store().subscribe(options, null), "handler", "null");
        assertRejected(() -> store().subscribe(null, 0, handler), "filter", "null");
        assertRejected(() -> store().subscribe(EventFilter.all(), -1, handler), "afterPosition", "-1");
        assertRejected(() -> store().subscribe(EventFilter.all(), 0, null), "handler", "null");
        assertRejected(() -> store().subscribeBatches(null, batchHandler), "options", "null");
        assertRejected(() -> store().subscribeBatches(options, null), "handler", "null");
    }

    @Test
    default void subscriptionOptionsRejectBadValues() {
        assertRejected(() -> SubscriptionOptions.builder(null), "filter", "null");
        assertRejected(() -> SubscriptionOptions.of(EventFilter.all(), -2), "afterPosition", "-2");
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all()).batchSize(0), "batchSize", "0");
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all())
                .batchSize(SubscriptionOptions.MAX_BATCH_SIZE + 1), "batchSize",
                Integer.toString(SubscriptionOptions.MAX_BATCH_SIZE + 1));
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all()).name(" "), "name", "blank");
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all()).name(null), "name", "null");
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all()).retry(null), "retry", "null");
    }

    @Test
    default void awaitCaughtUpRejectsAMissingOrNegativeTimeout() {
        try (Subscription subscription = store().subscribe(EventFilter.all(), 0, e -> { })) {
            assertRejected(() -> subscription.awaitCaughtUp(null), "timeout", "null");
            assertRejected(() -> subscription.awaitCaughtUp(Duration.ofMillis(-1)), "timeout", "-0.001");
        }
    }

    // ---------------------------------------------------------------- what the store is given

    @Test
    default void conditionsAndQueriesRejectBadValues() {
        assertRejected(() -> new AppendCondition(null, 0), "query", "null");
        assertRejected(() -> AppendCondition.noneMatchingAfter(Query.all(), -1), "after", "-1");
        assertRejected(() -> Query.of(), "items", "empty", "Query.all()");
        assertRejected(() -> new Query(List.of()), "items", "empty", "Query.all()");
        assertRejected(() -> new AppendCondition(Query.all(), 5, 6), "consistentPosition", "6");
        assertRejected(() -> new AppendCondition(Query.all(), 5, -1), "consistentPosition", "-1");
        assertRejected(() -> AppendCondition.noneMatchingAfter(Query.all(), (dev.eventstore.AppendResult) null),
                "append", "null");
        assertRejected(() -> Query.of((QueryItem) null), "items", "null");
        assertRejected(() -> QueryItem.types("ok", " "), "type", "blank");
        assertRejected(() -> QueryItem.tags("t".repeat(EventData.MAX_TAG_LENGTH + 1)), "tag",
                Integer.toString(EventData.MAX_TAG_LENGTH + 1));
    }

    @Test
    default void eventsThatAreNotValidCannotBeBuiltSoNoStoreSeesThem() {
        assertRejected(() -> EventData.of("Type", "{not json"), "data", "{not json");
        assertRejected(() -> EventData.of("Type", "{\"a\":1} trailing"), "data", "trailing");
        assertRejected(() -> EventData.of("Type", ""), "data", "empty");
        assertRejected(() -> EventData.of("Type", null), "data", "null");
        assertRejected(() -> EventData.of("Type", "{}").withMetadata("[1,2]"), "metadata", "[1,2]");
        assertRejected(() -> EventData.of("Type", "{}").withMetadata("\"text\""), "metadata", "text");
        // PostgreSQL's jsonb decodes escapes, then keeps only the last of two equal names: refused on
        // every store, so that no store keeps what another would change.
        assertRejected(() -> EventData.of("D", "{\"a\":1,\"\\u0061\":2}"), "data", "'a'",
                "'{\"a\":1,\"\\u0061\":2}'");
        assertRejected(() -> EventData.of("D", "{\"a\":{\"x\":1,\"\\u0078\":2}}"), "data", "'x'");
        assertRejected(() -> EventData.of("D", "{}").withMetadata("{\"k\":1,\"\\u006b\":2}"), "metadata", "'k'");
        assertRejected(() -> new Snapshot("s-1", 1, "State", 1, "{\"a\":1,\"\\u0061\":2}", Instant.now()), "state",
                "'a'");
        // A pair with one half escaped and the other raw: the raw half would reach the database as '?'.
        assertRejected(() -> EventData.of("D", "{\"s\":\"\\ud83d\ude00\"}"), "data", "surrogate", "\\ude00");
        assertRejected(() -> EventData.of("D", "{\"s\":\"\ud800\"}"), "data", "surrogate", "\\ud800");
        assertRejected(() -> EventData.of(" ", "{}"), "type", "blank");
        assertRejected(() -> EventData.of("Deposited\ud800", "{}"), "type", "'Deposited\\ud800'");
        assertRejected(() -> EventData.of("Type", "{}").withTags("ok", "mood:\udfff"), "tag", "'mood:\\udfff'");
        assertRejected(() -> EventData.of("T".repeat(EventData.MAX_TYPE_LENGTH + 1), "{}"), "type",
                Integer.toString(EventData.MAX_TYPE_LENGTH + 1));
        assertRejected(() -> EventData.of("Type", "{}").withTags("ok", ""), "tag", "blank");
        assertRejected(() -> EventData.of("Type", "{}").withTags("x".repeat(EventData.MAX_TAG_LENGTH + 1)), "tag",
                Integer.toString(EventData.MAX_TAG_LENGTH + 1));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= EventData.MAX_TAGS; i++) {
            tooMany.add("tag:" + i);
        }
        assertRejected(() -> EventData.of("Type", "{}").withTags(tooMany), "tags",
                Integer.toString(EventData.MAX_TAGS + 1));
        assertThat(readAll()).isEmpty();
    }

    // ---------------------------------------------------------------- characters beyond U+FFFF

    @Test
    default void everyKindOfNameRefusesHalfASurrogatePairAndNothingIsWritten() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        StoreState before = storeState();
        assertRejected(() -> store().append("acct-\ud800", ExpectedVersion.any(), events("A", 1)), "streamId",
                "\\ud800");
        assertRejected(() -> store().append(stream + "\udbff", ExpectedVersion.any(), events("A", 1)), "streamId",
                "\\udbff");
        assertRejected(() -> QueryItem.types("Deposited\ud800"), "type", "\\ud800");
        assertRejected(() -> QueryItem.tags("account:\udc00"), "tag", "\\udc00");
        assertRejected(() -> EventFilter.category("acct\ud800"), "category", "\\ud800");
        assertRejected(() -> EventFilter.stream("acct-\ud800"), "streamId", "\\ud800");
        assertRejected(() -> SubscriptionOptions.builder(EventFilter.all()).name("sub\ud800"), "name", "\\ud800");
        assertRejected(() -> CheckpointStore.checkName("projection\udfff"), "name", "\\udfff");
        assertUnchanged(before, stream, 1);
    }

    /**
     * A whole character beyond U+FFFF (an emoji: a surrogate pair in Java) is text like any other: in
     * a stream id, its category, a type and a tag it comes back as it was, and two names that differ
     * only in it stay two.
     */
    @Test
    default void namesHoldingSurrogatePairsRoundTripUnchanged() {
        String grin = "\uD83D\uDE00";
        String beam = "\uD83D\uDE01";
        String stream = "acct" + grin + "-" + UNIQUE.incrementAndGet();
        String sibling = "acct" + beam + "-" + UNIQUE.incrementAndGet();
        store().append(stream, ExpectedVersion.noStream(),
                List.of(EventData.of("Deposited" + grin, "{\"n\":1}").withTags("mood:" + grin)));
        store().append(sibling, ExpectedVersion.noStream(),
                List.of(EventData.of("Deposited" + beam, "{\"n\":2}").withTags("mood:" + beam)));

        assertThat(readStream(stream)).singleElement().satisfies(e -> {
            assertThat(e.streamId()).isEqualTo(stream);
            assertThat(e.category()).isEqualTo("acct" + grin);
            assertThat(e.type()).isEqualTo("Deposited" + grin);
            assertThat(e.tags()).containsExactly("mood:" + grin);
        });
        assertThat(store().streamVersion(stream)).isEqualTo(1);
        assertThat(store().streamVersion(sibling)).isEqualTo(1);
        assertThat(readAll()).extracting(RecordedEvent::streamId).containsExactly(stream, sibling);
        assertThat(store().read(EventFilter.stream(stream), 0, 10).toList()).extracting(RecordedEvent::streamId)
                .containsExactly(stream);
        assertThat(store().readCategory("acct" + grin, 0, 10).toList()).extracting(RecordedEvent::streamId)
                .containsExactly(stream);
        assertThat(store().read(Query.of(QueryItem.types("Deposited" + grin)), 0, 10).toList())
                .extracting(RecordedEvent::streamId).containsExactly(stream);
        assertThat(store().read(Query.of(QueryItem.tags("mood:" + beam)), 0, 10).toList())
                .extracting(RecordedEvent::streamId).containsExactly(sibling);
        store().append(stream, ExpectedVersion.exactly(1), List.of(event("Again")));
        assertThat(readStream(stream)).extracting(RecordedEvent::streamId).containsOnly(stream).hasSize(2);
    }
}
