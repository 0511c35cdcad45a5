package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Appends: versions, positions, expected versions, atomicity. */
public interface AppendContract extends StoreFixture {

    // ---------------------------------------------------------------- versions and positions

    @Test
    default void firstAppendToANewStreamGetsVersionOne() {
        String stream = newStream("account");
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), List.of(event("Opened")));
        assertThat(result.nextExpectedVersion()).isEqualTo(1);
        assertThat(result.lastPosition()).isPositive();
        assertThat(store().streamVersion(stream)).isEqualTo(1);
        assertThat(readStream(stream)).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo(1);
            assertThat(e.position()).isEqualTo(result.lastPosition());
        });
    }

    @Test
    default void versionsStartAtOneAndGrowByOnePerEventAcrossAppends() {
        String stream = newStream("account");
        store().append(stream, ExpectedVersion.noStream(), events("A", 3));
        store().append(stream, ExpectedVersion.exactly(3), events("B", 1));
        store().append(stream, ExpectedVersion.exactly(4), events("C", 2));
        assertThat(versions(readStream(stream))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store().streamVersion(stream)).isEqualTo(6);
    }

    @Test
    default void nextExpectedVersionIsTheVersionOfTheLastEventAppended() {
        String stream = newStream("account");
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), events("A", 3));
        assertThat(first.nextExpectedVersion()).isEqualTo(3);
        AppendResult second = store().append(stream, ExpectedVersion.exactly(first.nextExpectedVersion()),
                events("B", 2));
        assertThat(second.nextExpectedVersion()).isEqualTo(5);
        assertThat(store().streamVersion(stream)).isEqualTo(5);
    }

    @Test
    default void lastPositionIsThePositionOfTheLastEventAppended() {
        String stream = newStream("account");
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), events("A", 4));
        List<RecordedEvent> recorded = readStream(stream);
        assertThat(recorded.get(3).position()).isEqualTo(result.lastPosition());
        assertThat(recorded).allSatisfy(e -> assertThat(e.position()).isLessThanOrEqualTo(result.lastPosition()));
    }

    @Test
    default void positionsGrowStrictlyWithinAndAcrossAppendsAndStreams() {
        String a = newStream("account");
        String b = newStream("order");
        AppendResult r1 = appendEvents(a, 3);
        AppendResult r2 = appendEvents(b, 2);
        AppendResult r3 = appendEvents(a, 2);
        assertThat(r2.lastPosition()).isGreaterThan(r1.lastPosition());
        assertThat(r3.lastPosition()).isGreaterThan(r2.lastPosition());

        List<RecordedEvent> log = readAll();
        assertThat(log).hasSize(7);
        assertThat(log.get(0).position()).isPositive();
        assertStrictlyIncreasingPositions(log);
        assertThat(log.get(2).position()).isEqualTo(r1.lastPosition());
        assertThat(log.get(4).position()).isEqualTo(r2.lastPosition());
        assertThat(log.get(6).position()).isEqualTo(r3.lastPosition());
        assertThat(log).extracting(RecordedEvent::streamId).containsExactly(a, a, a, b, b, a, a);
        assertThat(versions(log)).containsExactly(1L, 2L, 3L, 1L, 2L, 4L, 5L);
    }

    @Test
    default void eventsOfOneAppendKeepTheirOrderInTheStreamAndTheLog() {
        String stream = newStream("account");
        List<EventData> events = events("A", 5);
        store().append(stream, ExpectedVersion.noStream(), events);
        assertThat(ids(readStream(stream))).isEqualTo(dataIds(events));
        assertThat(ids(readAll())).isEqualTo(dataIds(events));
    }

    @Test
    default void streamsAreIndependentOfEachOther() {
        String a = newStream("account");
        String b = newStream("account");
        appendEvents(a, 3);
        AppendResult result = store().append(b, ExpectedVersion.noStream(), events("X", 1));
        assertThat(result.nextExpectedVersion()).isEqualTo(1);
        assertThat(store().streamVersion(a)).isEqualTo(3);
        assertThat(store().streamVersion(b)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- expected versions

    @Test
    default void anyAcceptsANewStreamAndAnExistingOne() {
        String stream = newStream("account");
        assertThat(store().append(stream, ExpectedVersion.any(), events("A", 1)).nextExpectedVersion()).isEqualTo(1);
        assertThat(store().append(stream, ExpectedVersion.any(), events("A", 2)).nextExpectedVersion()).isEqualTo(3);
    }

    @Test
    default void noStreamAcceptsANewStream() {
        String stream = newStream("account");
        assertThat(store().append(stream, ExpectedVersion.noStream(), events("A", 2)).nextExpectedVersion())
                .isEqualTo(2);
    }

    @Test
    default void noStreamRejectsAnExistingStream() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        assertWrongVersion(stream, ExpectedVersion.noStream(), 2, "no stream");
    }

    @Test
    default void streamExistsAcceptsAnExistingStream() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        assertThat(store().append(stream, ExpectedVersion.streamExists(), events("A", 1)).nextExpectedVersion())
                .isEqualTo(3);
    }

    @Test
    default void streamExistsRejectsANewStream() {
        String stream = newStream("account");
        appendEvents(newStream("account"), 1);
        assertWrongVersion(stream, ExpectedVersion.streamExists(), 0, "stream exists");
    }

    @Test
    default void exactVersionAcceptsTheStreamsCurrentVersion() {
        String stream = newStream("account");
        appendEvents(stream, 3);
        assertThat(store().append(stream, ExpectedVersion.exactly(3), events("A", 1)).nextExpectedVersion())
                .isEqualTo(4);
    }

    @Test
    default void exactVersionBelowTheCurrentVersionIsRejected() {
        String stream = newStream("account");
        appendEvents(stream, 3);
        assertWrongVersion(stream, ExpectedVersion.exactly(2), 3, "2");
    }

    @Test
    default void exactVersionAboveTheCurrentVersionIsRejected() {
        String stream = newStream("account");
        appendEvents(stream, 3);
        assertWrongVersion(stream, ExpectedVersion.exactly(7), 3, "7");
    }

    @Test
    default void exactVersionOnAStreamThatDoesNotExistIsRejected() {
        String stream = newStream("account");
        assertWrongVersion(stream, ExpectedVersion.exactly(1), 0, "1");
    }

    @Test
    default void exactlyZeroActsAsNoStream() {
        assertThat(ExpectedVersion.exactly(0)).isEqualTo(ExpectedVersion.noStream());
        String stream = newStream("account");
        assertThat(store().append(stream, ExpectedVersion.exactly(0), events("A", 1)).nextExpectedVersion())
                .isEqualTo(1);
        assertWrongVersion(stream, ExpectedVersion.exactly(0), 1, "no stream");
    }

    @Test
    default void wrongExpectedVersionNamesTheStreamTheExpectedAndTheActualVersion() {
        String stream = newStream("account");
        appendEvents(stream, 5);
        WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                () -> store().append(stream, ExpectedVersion.exactly(3), events("A", 1)));
        assertThat(e).isNotNull();
        assertThat(e.streamId()).isEqualTo(stream);
        assertThat(e.expectedVersion()).isEqualTo(ExpectedVersion.exactly(3));
        assertThat(e.actualVersion()).isEqualTo(5);
        assertThat(e.getMessage()).contains(stream).contains("expected 3").contains("actual 5");
    }

    /**
     * Appends one event with {@code expected}, asserts it fails with the values named, and that nothing
     * was written.
     */
    private void assertWrongVersion(String stream, ExpectedVersion expected, long actual, String expectedText) {
        StoreState before = storeState();
        WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                () -> store().append(stream, expected, events("Rejected", 2)));
        assertThat(e).as("append to %s expecting %s at version %d", stream, expected, actual).isNotNull();
        assertThat(e.streamId()).isEqualTo(stream);
        assertThat(e.expectedVersion()).isEqualTo(expected);
        assertThat(e.actualVersion()).isEqualTo(actual);
        assertThat(e.getMessage()).contains(stream).contains("expected " + expectedText)
                .contains("actual " + (actual == 0 ? "no stream" : Long.toString(actual)));
        assertUnchanged(before, stream, actual);
    }

    // ---------------------------------------------------------------- atomicity

    @Test
    default void anAppendRejectedForItsExpectedVersionWritesNoneOfItsEvents() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        appendEvents(newStream("order"), 1);
        StoreState before = storeState();
        List<EventData> rejected = events("Rejected", 4);
        catchThrowableOfType(WrongExpectedVersionException.class,
                () -> store().append(stream, ExpectedVersion.exactly(1), rejected));
        assertUnchanged(before, stream, 2);
        assertIdsAreFree(stream, rejected);
    }

    @Test
    default void anAppendRejectedForItsConditionWritesNoneOfItsEvents() {
        String stream = newStream("account");
        append(newStream("user"), tagged("UsernameClaimed", "username:alice"));
        StoreState before = storeState();
        List<EventData> rejected = List.of(tagged("UsernameClaimed", "username:alice"), event("Other"),
                event("Other"));
        AppendCondition condition = AppendCondition.noneMatching(Query.of(QueryItem.tags("username:alice")));
        catchThrowableOfType(AppendConditionFailedException.class,
                () -> store().append(stream, ExpectedVersion.any(), rejected, condition));
        assertUnchanged(before, stream, 0);
        assertIdsAreFree(stream, rejected);
    }

    @Test
    default void anAppendRejectedForADuplicateIdWritesNoneOfItsEvents() {
        String other = newStream("order");
        EventData recorded = event("Recorded");
        append(other, recorded);
        String stream = newStream("account");
        appendEvents(stream, 1);
        StoreState before = storeState();
        List<EventData> fresh = events("Fresh", 2);
        List<EventData> rejected = new ArrayList<>(fresh);
        rejected.add(1, recorded);
        catchThrowableOfType(DuplicateEventIdException.class,
                () -> store().append(stream, ExpectedVersion.any(), rejected));
        assertUnchanged(before, stream, 1);
        assertIdsAreFree(stream, fresh);
    }

    @Test
    default void anAppendRejectedAsBadInputWritesNoneOfItsEvents() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        StoreState before = storeState();
        EventData first = event("A");
        List<EventData> withNull = new ArrayList<>();
        withNull.add(first);
        withNull.add(null);
        catchThrowableOfType(IllegalArgumentException.class,
                () -> store().append(stream, ExpectedVersion.any(), withNull));
        EventData twin = event("B");
        catchThrowableOfType(IllegalArgumentException.class,
                () -> store().append(stream, ExpectedVersion.any(), List.of(first, twin, twin)));
        assertUnchanged(before, stream, 1);
        assertIdsAreFree(stream, List.of(first, twin));
    }

    /** The ids of a failed append were not recorded: appending them now is a plain new append. */
    private void assertIdsAreFree(String stream, List<EventData> events) {
        long version = store().streamVersion(stream);
        AppendResult result = store().append(stream, ExpectedVersion.exactly(version), events);
        assertThat(result.nextExpectedVersion()).isEqualTo(version + events.size());
        assertThat(ids(readStream(stream)).subList((int) version, (int) version + events.size()))
                .isEqualTo(dataIds(events));
    }
}
