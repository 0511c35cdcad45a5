package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.ScavengeResult;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.Subscription;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.aggregate.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Soft delete, hard delete (tombstone), truncation, retention and scavenging
 * ({@link StreamLifecycle}), and what each does to appends, reads of streams, reads of the log and
 * subscribers. The store under test must implement {@link StreamLifecycle} and
 * {@link TransactionalEventStore} (for its snapshots).
 */
public interface StreamLifecycleContract extends StoreFixture {

    /** @return the store under test, as a {@link StreamLifecycle} */
    default StreamLifecycle lifecycle() {
        return (StreamLifecycle) store();
    }

    // ---------------------------------------------------------------- soft delete

    @Test
    default void aSoftDeletedStreamReadsAsNotFoundButItsEventsStayInTheLog() {
        String stream = newStream("account");
        List<EventData> events = events("Deposited", 3);
        store().append(stream, ExpectedVersion.noStream(), events);

        AppendResult marker = lifecycle().deleteStream(stream, ExpectedVersion.exactly(3));

        assertThat(marker.nextExpectedVersion()).isEqualTo(4);
        assertThat(readStream(stream)).isEmpty();
        assertThat(store().readStream(stream, Long.MAX_VALUE, 10, Direction.BACKWARD).toList()).isEmpty();
        assertThat(store().streamVersion(stream)).isZero();
        List<RecordedEvent> log = readAll();
        assertThat(log).extracting(RecordedEvent::type)
                .containsExactly("Deposited", "Deposited", "Deposited", StreamLifecycle.STREAM_DELETED);
        assertThat(log.get(3).position()).isEqualTo(marker.lastPosition());
        assertThat(log.get(3).version()).isEqualTo(4);
        assertThat(store().readCategory("account", 0, 100).toList()).extracting(RecordedEvent::type)
                .contains(StreamLifecycle.STREAM_DELETED);
        assertThat(store().readEvent(events.get(0).id())).isPresent();
    }

    @Test
    default void aMarkerTypeCannotBeAppendedAsAnEventAndNothingIsWritten() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        for (String type : List.of(StreamLifecycle.STREAM_DELETED, StreamLifecycle.STREAM_TOMBSTONED)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store().append(stream, ExpectedVersion.any(),
                    List.of(EventData.of("Deposited", "{}"), EventData.of(type, "{}"))))
                    .as("a forged marker would read as a delete to every reader of the log but delete nothing")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(type);
        }
        assertThat(store().streamVersion(stream)).isEqualTo(2);
    }

    @Test
    default void appendingWithNoStreamAfterASoftDeleteStartsTheStreamAgainContinuingItsVersions() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        lifecycle().deleteStream(stream, ExpectedVersion.any());

        AppendResult again = store().append(stream, ExpectedVersion.noStream(), events("Opened", 1));

        assertThat(again.nextExpectedVersion()).isEqualTo(4);
        assertThat(store().streamVersion(stream)).isEqualTo(4);
        assertThat(readStream(stream)).extracting(RecordedEvent::type).containsExactly("Opened");
        assertThat(versions(readStream(stream))).containsExactly(4L);
        assertThat(store().append(stream, ExpectedVersion.exactly(4), events("Deposited", 1)).nextExpectedVersion())
                .isEqualTo(5);
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), events("Opened", 1)))
                .isInstanceOf(WrongExpectedVersionException.class);
    }

    @Test
    default void afterASoftDeleteOnlyExpectationsOfNoStreamHold() {
        String stream = newStream("account");
        appendEvents(stream, 3);
        lifecycle().deleteStream(stream, ExpectedVersion.exactly(3));
        StoreState before = storeState();

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.exactly(3), events("A", 1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.actualVersion()).isZero())
                .hasMessageContaining(stream);
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.streamExists(), events("A", 1)))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(storeState()).isEqualTo(before);
    }

    @Test
    default void aRetryOfAnAppendRecordedBeforeTheDeleteIsStillRecognisedAndWritesNothing() {
        String stream = newStream("account");
        List<EventData> opened = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), opened);
        lifecycle().deleteStream(stream, ExpectedVersion.exactly(2));
        StoreState before = storeState();

        AppendResult retry = store().append(stream, ExpectedVersion.noStream(), opened);

        assertThat(retry).isEqualTo(first);
        assertThat(storeState()).isEqualTo(before);
        assertThat(store().streamVersion(stream)).isZero();
    }

    @Test
    default void aRetryOfTheAppendThatStartedTheStreamAgainIsRecognised() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        lifecycle().deleteStream(stream, ExpectedVersion.any());
        List<EventData> reopened = events("Opened", 2);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), reopened);
        StoreState before = storeState();

        assertThat(store().append(stream, ExpectedVersion.noStream(), reopened)).isEqualTo(first);
        assertThat(storeState()).isEqualTo(before);
    }

    @Test
    default void deletingAStreamThatReadsAsNotFoundFailsAndWritesNothing() {
        String missing = newStream("account");
        StoreState before = storeState();
        assertThatThrownBy(() -> lifecycle().deleteStream(missing, ExpectedVersion.any()))
                .isInstanceOf(WrongExpectedVersionException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> lifecycle().deleteStream(missing, ExpectedVersion.noStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing);
        String deleted = newStream("account");
        appendEvents(deleted, 1);
        lifecycle().deleteStream(deleted, ExpectedVersion.any());
        StoreState afterDelete = storeState();
        assertThatThrownBy(() -> lifecycle().deleteStream(deleted, ExpectedVersion.any()))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(storeState()).isEqualTo(afterDelete);
        assertThat(before.headPosition()).isLessThan(afterDelete.headPosition());
    }

    @Test
    default void aSoftDeleteRemovesTheStreamsSnapshot() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        snapshot(stream, 2);
        lifecycle().deleteStream(stream, ExpectedVersion.any());
        assertThat(transactional().snapshotStore().load(stream)).isEmpty();
    }

    // ---------------------------------------------------------------- tombstone

    @Test
    default void aTombstonedStreamReadsAsNotFoundAndEveryLaterAppendFailsNamingIt() {
        String stream = newStream("account");
        List<EventData> opened = events("Opened", 2);
        store().append(stream, ExpectedVersion.noStream(), opened);

        AppendResult marker = lifecycle().tombstoneStream(stream, ExpectedVersion.exactly(2));
        StoreState before = storeState();

        assertThat(marker.nextExpectedVersion()).isEqualTo(3);
        assertThat(readStream(stream)).isEmpty();
        assertThat(store().streamVersion(stream)).isZero();
        assertThat(readAll().get(readAll().size() - 1).type()).isEqualTo(StreamLifecycle.STREAM_TOMBSTONED);
        for (ExpectedVersion expected : List.of(ExpectedVersion.any(), ExpectedVersion.noStream(),
                ExpectedVersion.streamExists(), ExpectedVersion.exactly(3))) {
            assertThatThrownBy(() -> store().append(stream, expected, events("A", 1)))
                    .isInstanceOfSatisfying(StreamDeletedException.class, e -> assertThat(e.streamId()).isEqualTo(stream))
                    .hasMessageContaining(stream);
        }
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), opened))
                .as("a retry of an append recorded before the tombstone").isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> lifecycle().tombstoneStream(stream, ExpectedVersion.any()))
                .isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> lifecycle().deleteStream(stream, ExpectedVersion.any()))
                .isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> lifecycle().truncateStream(stream, 1, true))
                .isInstanceOf(StreamDeletedException.class);
        assertThat(storeState()).isEqualTo(before);
    }

    @Test
    default void aStreamThatNeverExistedCanBeTombstonedToReserveItsId() {
        String stream = newStream("username");
        assertThat(lifecycle().tombstoneStream(stream, ExpectedVersion.noStream()).nextExpectedVersion()).isEqualTo(1);
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), events("Claimed", 1)))
                .isInstanceOf(StreamDeletedException.class);
    }

    @Test
    default void aTombstoneChecksTheExpectedVersion() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        assertThatThrownBy(() -> lifecycle().tombstoneStream(stream, ExpectedVersion.exactly(1)))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store().append(stream, ExpectedVersion.exactly(2), events("A", 1)).nextExpectedVersion())
                .isEqualTo(3);
    }

    @Test
    default void appendsRacingATombstoneEitherLandBeforeItsMarkerOrFail() throws Exception {
        String stream = newStream("account");
        appendEvents(stream, 1);
        int writers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean tombstoned = new AtomicBoolean();
        List<AppendResult> landed = new CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        List<Integer> refusedAfter = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    boolean afterTombstone = tombstoned.get();
                    try {
                        AppendResult result = store().append(stream, ExpectedVersion.any(), events("Deposited", 1));
                        if (afterTombstone) {
                            unexpected.add(new AssertionError("an append that started after the tombstone returned "
                                    + "succeeded: " + result));
                        }
                        landed.add(result);
                    } catch (StreamDeletedException e) {
                        refusedAfter.add(1);
                        if (!e.getMessage().contains(stream)) {
                            unexpected.add(e);
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        started.await();
        Thread.sleep(100);
        AppendResult marker = lifecycle().tombstoneStream(stream, ExpectedVersion.any());
        tombstoned.set(true);
        Thread.sleep(100);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(TIMEOUT.toMillis());
        }
        assertThat(unexpected).isEmpty();
        assertThat(refusedAfter).as("appends refused after the tombstone").isNotEmpty();
        assertThat(landed).as("appends before the tombstone").isNotEmpty();
        for (AppendResult result : landed) {
            assertThat(result.nextExpectedVersion()).isLessThan(marker.nextExpectedVersion());
            assertThat(result.lastPosition()).isLessThan(marker.lastPosition());
        }
        List<RecordedEvent> ofStream = readAll().stream().filter(e -> e.streamId().equals(stream)).toList();
        assertThat(ofStream).hasSize(landed.size() + 2);
        assertThat(ofStream.get(ofStream.size() - 1).type()).isEqualTo(StreamLifecycle.STREAM_TOMBSTONED);
    }

    // ---------------------------------------------------------------- truncate

    @Test
    default void truncatingPastTheLatestSnapshotIsRefusedUnlessForced() {
        String stream = newStream("account");
        appendEvents(stream, 6);
        assertThatThrownBy(() -> lifecycle().truncateStream(stream, 3, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(stream).hasMessageContaining("no snapshot");
        snapshot(stream, 4);
        assertThatThrownBy(() -> lifecycle().truncateStream(stream, 6, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 4");
        assertThat(readStream(stream)).hasSize(6);

        assertThat(lifecycle().truncateStream(stream, 5, false)).isEqualTo(5);
        assertThat(versions(readStream(stream))).containsExactly(5L, 6L);
        assertThat(lifecycle().truncateStream(stream, 6, true)).isEqualTo(6);
        assertThat(versions(readStream(stream))).containsExactly(6L);
    }

    @Test
    default void aTruncatedStreamKeepsItsVersionAndReadsFromTheTruncationOn() {
        String stream = newStream("account");
        appendEvents(stream, 5);
        lifecycle().truncateStream(stream, 3, true);

        assertThat(store().streamVersion(stream)).isEqualTo(5);
        assertThat(versions(readStream(stream))).containsExactly(3L, 4L, 5L);
        assertThat(versions(store().readStream(stream, 1, 2, Direction.FORWARD).toList())).containsExactly(3L, 4L);
        assertThat(versions(store().readStream(stream, Long.MAX_VALUE, 10, Direction.BACKWARD).toList()))
                .containsExactly(5L, 4L, 3L);
        assertThat(lifecycle().truncateStream(stream, 2, true)).as("truncation only moves forward").isEqualTo(3);
        assertThat(readAll()).as("the log keeps the events until a scavenge").hasSize(5);
        assertThat(store().append(stream, ExpectedVersion.exactly(5), events("A", 1)).nextExpectedVersion()).isEqualTo(6);
        assertThat(lifecycle().truncateStream(stream, 7, true)).as("before version + 1 hides every event").isEqualTo(7);
        assertThat(readStream(stream)).isEmpty();
        assertThat(store().streamVersion(stream)).isEqualTo(6);
    }

    @Test
    default void truncatingOutsideTheStreamIsBadInput() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        assertThatThrownBy(() -> lifecycle().truncateStream(stream, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> lifecycle().truncateStream(stream, 4, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4").hasMessageContaining(stream);
        assertThatThrownBy(() -> lifecycle().truncateStream(" ", 1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- scavenge and retention

    @Test
    default void aScavengeRemovesWhatStreamReadsNoLongerReturnButKeepsEachStreamsLastEvent() {
        String truncated = newStream("account");
        String deleted = newStream("account");
        String kept = newStream("account");
        List<EventData> truncatedEvents = events("Deposited", 5);
        store().append(truncated, ExpectedVersion.noStream(), truncatedEvents);
        appendEvents(deleted, 3);
        appendEvents(kept, 2);
        lifecycle().truncateStream(truncated, 4, true);
        lifecycle().deleteStream(deleted, ExpectedVersion.any());
        List<RecordedEvent> before = readAll();

        ScavengeResult result = lifecycle().scavenge(false);

        assertThat(result.eventsRemoved()).isEqualTo(3 + 3);
        List<RecordedEvent> after = readAll();
        List<RecordedEvent> expected = before.stream().filter(e -> !(e.streamId().equals(truncated) && e.version() < 4)
                && !(e.streamId().equals(deleted) && e.version() < 4)).toList();
        assertThat(ids(after)).isEqualTo(ids(expected));
        assertThat(positions(after)).isEqualTo(positions(expected));
        assertThat(versions(readStream(truncated))).containsExactly(4L, 5L);
        assertThat(readStream(deleted)).isEmpty();
        assertThat(readStream(kept)).hasSize(2);
        assertThat(store().readEvent(truncatedEvents.get(0).id())).isEmpty();
        assertThat(store().streamVersion(truncated)).isEqualTo(5);
        long head = store().headPosition();
        assertThat(head).isEqualTo(before.get(before.size() - 1).position());
        AppendResult next = store().append(deleted, ExpectedVersion.noStream(), events("Opened", 1));
        assertThat(next.nextExpectedVersion()).isEqualTo(5);
        assertThat(next.lastPosition()).as("positions are never handed out again").isGreaterThan(head);
        assertThat(lifecycle().scavenge(false).eventsRemoved()).as("a second scavenge").isEqualTo(1);
    }

    @Test
    default void aSubscriberBehindAScavengePassesOverTheRemovedPositionsAndStaysLive() throws Exception {
        String stream = newStream("account");
        appendEvents(stream, 10);
        lifecycle().truncateStream(stream, 9, true);
        lifecycle().scavenge(false);
        List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
        try (Subscription subscription = store().subscribe(EventFilter.all(), 0, seen::add)) {
            AppendResult live = appendEvents(stream, 1);
            subscription.awaitPosition(live.lastPosition(), TIMEOUT);
            assertThat(versions(seen)).containsExactly(9L, 10L, 11L);
        }
    }

    @Test
    default void scavengesRacingAppendsMakeALiveSubscriberSkipNoNewEvent() throws Exception {
        String old = newStream("archive");
        String live = newStream("live");
        appendEvents(old, 300);
        List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
        List<AppendResult> written = new CopyOnWriteArrayList<>();
        List<Throwable> failed = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store().subscribe(EventFilter.all(), 0, seen::add)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        written.add(store().append(live, ExpectedVersion.any(), events("Live", 1)));
                    }
                } catch (Throwable e) {
                    failed.add(e);
                }
            });
            writer.start();
            for (long before = 51; before <= 301 && writer.isAlive(); before += 50) {
                lifecycle().truncateStream(old, before, true);
                lifecycle().scavenge(false);
            }
            writer.join(TIMEOUT.toMillis());
            assertThat(failed).isEmpty();
            subscription.awaitPosition(written.get(written.size() - 1).lastPosition(), TIMEOUT);
        }
        List<RecordedEvent> liveSeen = seen.stream().filter(e -> e.streamId().equals(live)).toList();
        assertThat(positions(liveSeen)).as("every live event, once, in order")
                .isEqualTo(written.stream().map(AppendResult::lastPosition).toList());
        assertStrictlyIncreasingPositions(seen);
    }

    @Test
    default void aLiveSubscriberSeesTheDeleteAndTombstoneMarkers() throws Exception {
        String deleted = newStream("account");
        String tombstoned = newStream("account");
        appendEvents(deleted, 1);
        appendEvents(tombstoned, 1);
        List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
        try (Subscription subscription = store().subscribe(EventFilter.category("account"), 0, seen::add)) {
            lifecycle().deleteStream(deleted, ExpectedVersion.any());
            AppendResult last = lifecycle().tombstoneStream(tombstoned, ExpectedVersion.any());
            subscription.awaitPosition(last.lastPosition(), TIMEOUT);
            assertThat(seen).extracting(RecordedEvent::streamId, RecordedEvent::type).containsSubsequence(
                    org.assertj.core.groups.Tuple.tuple(deleted, StreamLifecycle.STREAM_DELETED),
                    org.assertj.core.groups.Tuple.tuple(tombstoned, StreamLifecycle.STREAM_TOMBSTONED));
        }
    }

    @Test
    default void aMaxCountRetentionKeepsTheNewestEventsOfEachStreamOfItsCategoryOnly() {
        String category = "ledger" + UNIQUE.incrementAndGet();
        String busy = category + "-1";
        String quiet = category + "-2";
        String other = newStream("account");
        appendEvents(busy, 6);
        appendEvents(quiet, 2);
        appendEvents(other, 6);
        lifecycle().setRetention(category, RetentionPolicy.maxCount(3));
        assertThat(lifecycle().retention(category)).contains(RetentionPolicy.maxCount(3));

        ScavengeResult result = lifecycle().scavenge(false);

        assertThat(result.eventsRemoved()).isEqualTo(3);
        assertThat(versions(readStream(busy))).containsExactly(4L, 5L, 6L);
        assertThat(versions(readStream(quiet))).containsExactly(1L, 2L);
        assertThat(readStream(other)).hasSize(6);
        assertThat(store().streamVersion(busy)).isEqualTo(6);
        lifecycle().setRetention(category, null);
        assertThat(lifecycle().retention(category)).isEmpty();
    }

    @Test
    default void aMaxAgeRetentionRemovesOlderEventsButKeepsEachStreamsLast() throws Exception {
        String category = "session" + UNIQUE.incrementAndGet();
        String old = category + "-1";
        String mixed = category + "-2";
        appendEvents(old, 3);
        appendEvents(mixed, 2);
        Thread.sleep(1500);
        appendEvents(mixed, 2);
        lifecycle().setRetention(category, RetentionPolicy.maxAge(Duration.ofMillis(750)));

        ScavengeResult result = lifecycle().scavenge(false);

        assertThat(result.eventsRemoved()).isEqualTo(2 + 2);
        assertThat(readStream(old)).as("every event expired: the stream reads empty").isEmpty();
        assertThat(store().streamVersion(old)).isEqualTo(3);
        assertThat(versions(readStream(mixed))).containsExactly(3L, 4L);
        assertThat(readAll().stream().filter(e -> e.streamId().equals(old)).toList()).hasSize(1);
    }

    @Test
    default void retentionArgumentsAreChecked() {
        assertThatThrownBy(() -> RetentionPolicy.maxCount(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> RetentionPolicy.maxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lifecycle().setRetention("a-b", RetentionPolicy.maxCount(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a-b");
    }

    // ---------------------------------------------------------------- helpers

    /** @return the store under test, for its snapshots */
    default TransactionalEventStore<?> transactional() {
        return (TransactionalEventStore<?>) store();
    }

    /**
     * Saves a snapshot of a stream at a version.
     *
     * @param stream the stream
     * @param version the version
     */
    default void snapshot(String stream, long version) {
        transactional().snapshotStore().save(new Snapshot(stream, version, "State", 1, "{}", Instant.now()));
    }
}
