package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.reactor.Deadline;
import dev.eventstore.reactor.DeadlineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Transactions of a {@link dev.eventstore.TransactionalEventStore}: appends and the writes of joined
 * checkpoint, snapshot and deadline stores commit together or not at all; a transaction sees its own
 * writes, belongs to one thread, and is unusable once ended; the store refuses to wait for itself.
 *
 * @param <T> the store's transaction type
 */
public interface TransactionContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** A time every backend keeps exactly. */
    Instant DUE = Instant.parse("2024-05-01T10:00:00.123456Z");

    private static Snapshot snapshot(String stream, long version) {
        return new Snapshot(stream, version, "com.example.Tally", 1, "{\"sum\":" + version + "}", DUE);
    }

    private String newName() {
        return "reactor-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- commit and rollback

    @Test
    default void aCommittedTransactionsAppendsAreVisibleAndWakeSubscriptions() throws Exception {
        BlockingQueue<RecordedEvent> delivered = new LinkedBlockingQueue<>();
        try (Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.all()).retry(FAST_RETRY).build(), delivered::add)) {
            assertThat(subscription.awaitCaughtUp(TIMEOUT)).isTrue();
            for (int i = 0; i < 3; i++) {
                String first = newStream("order");
                String second = newStream("invoice");
                List<EventData> placed = events("Placed", 2);
                EventData invoiced = event("Invoiced");

                AppendResult result = store().inTransaction(tx -> {
                    tx.append(first, ExpectedVersion.noStream(), placed);
                    return tx.append(second, ExpectedVersion.noStream(), List.of(invoiced));
                });

                assertThat(ids(readStream(first))).isEqualTo(dataIds(placed));
                assertThat(store().readEvent(invoiced.id()).orElseThrow().position())
                        .isEqualTo(result.lastPosition());
                List<UUID> received = new ArrayList<>();
                for (int e = 0; e < 3; e++) {
                    RecordedEvent next = delivered.poll(250, TimeUnit.MILLISECONDS);
                    assertThat(next).as("event %d of commit %d delivered within 250 ms", e, i).isNotNull();
                    received.add(next.id());
                }
                assertThat(received).containsExactly(placed.get(0).id(), placed.get(1).id(), invoiced.id());
            }
        }
    }

    @Test
    default void aTransactionsAppendsAreInvisibleToOtherReadersUntilItCommits() throws Exception {
        String stream = newStream("order");
        EventData placed = event("Placed");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.noStream(), List.of(placed));
            Future<Optional<RecordedEvent>> seen = reader.submit(() -> store().readEvent(placed.id()));
            Future<Long> version = reader.submit(() -> store().streamVersion(stream));
            // A store may make other readers wait for the commit (in memory) or show them the log as it
            // was (the databases); it never shows them the uncommitted event.
            try {
                assertThat(seen.get(200, TimeUnit.MILLISECONDS)).as("read by id before the commit").isEmpty();
                assertThat(version.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
            } catch (TimeoutException waitsForTheCommit) {
                // fine: it waits
            }
            tx.commit();
            assertThat(store().readEvent(placed.id())).isPresent();
        } finally {
            reader.shutdown();
            assertThat(reader.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    default void workThatThrowsRollsBackItsAppendsAndItsJoinedWrites() {
        String stream = newStream("order");
        appendEvents(stream, 1);
        StoreState before = storeState();
        String checkpoint = newName();
        String owner = newName();
        String snapshotted = newStream("tally");
        EventData placed = event("Placed");

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.append(stream, ExpectedVersion.exactly(1), List.of(placed));
            tx.append(newStream("invoice"), ExpectedVersion.noStream(), events("Invoiced", 2));
            store().checkpointStore().within(tx).save(checkpoint, 42);
            store().snapshotStore().within(tx).save(snapshot(snapshotted, 3));
            store().deadlineStore().within(tx).schedule(new Deadline(owner, "timeout", DUE, "{}"));
            throw new IllegalStateException("changed my mind");
        })).isInstanceOf(IllegalStateException.class).hasMessage("changed my mind");

        assertUnchanged(before, stream, 1);
        assertThat(store().readEvent(placed.id())).isEmpty();
        assertThat(store().checkpointStore().load(checkpoint)).isZero();
        assertThat(store().snapshotStore().load(snapshotted)).isEmpty();
        assertThat(store().deadlineStore().find(owner, "timeout")).isEmpty();
        // The store is usable afterwards, and the rolled-back id is free again.
        store().append(stream, ExpectedVersion.exactly(1), List.of(placed));
        assertThat(store().readEvent(placed.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    default void aCheckedExceptionOfTheWorkRollsBackAndComesBackAsItsCause() {
        String stream = newStream("order");
        Exception checked = new java.io.IOException("disk full");

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.append(stream, ExpectedVersion.noStream(), events("Placed", 1));
            throw checked;
        })).isInstanceOf(EventStoreException.class).hasCause(checked);

        assertThat(store().streamVersion(stream)).isZero();
    }

    @Test
    default void aJoinedWriteCommitsWithTheAppends() {
        String stream = newStream("order");
        String checkpoint = newName();
        String owner = newName();
        String snapshotted = newStream("tally");

        AppendResult result = store().inTransaction(tx -> {
            AppendResult appended = tx.append(stream, ExpectedVersion.noStream(), events("Placed", 2));
            store().checkpointStore().within(tx).save(checkpoint, appended.lastPosition());
            store().snapshotStore().within(tx).save(snapshot(snapshotted, 2));
            store().deadlineStore().within(tx).schedule(new Deadline(owner, "timeout", DUE, "{\"a\":1}"));
            return appended;
        });

        assertThat(store().streamVersion(stream)).isEqualTo(2);
        assertThat(store().checkpointStore().load(checkpoint)).isEqualTo(result.lastPosition());
        assertThat(store().snapshotStore().load(snapshotted).orElseThrow().version()).isEqualTo(2);
        assertThat(store().deadlineStore().find(owner, "timeout").orElseThrow().dueAt()).isEqualTo(DUE);
    }

    // ---------------------------------------------------------------- beginTransaction

    @Test
    default void aBegunTransactionCommitsWhenToldTo() {
        String stream = newStream("order");
        List<EventData> events = events("Placed", 3);
        String checkpoint = newName();

        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.noStream(), events);
            store().checkpointStore().within(tx).save(checkpoint, 7);
            tx.commit();
        }

        assertThat(ids(readStream(stream))).isEqualTo(dataIds(events));
        assertThat(store().checkpointStore().load(checkpoint)).isEqualTo(7);
    }

    @Test
    default void aBegunTransactionClosedWithoutCommitRollsBack() {
        String stream = newStream("order");
        appendEvents(stream, 2);
        StoreState before = storeState();
        String checkpoint = newName();

        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.exactly(2), events("Placed", 3));
            store().checkpointStore().within(tx).save(checkpoint, 7);
        }

        assertUnchanged(before, stream, 2);
        assertThat(store().checkpointStore().load(checkpoint)).isZero();
        // Ended: the thread may begin another.
        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.exactly(2), events("Placed", 1));
            tx.commit();
        }
        assertThat(store().streamVersion(stream)).isEqualTo(3);
    }

    @Test
    default void anEndedTransactionRefusesEverythingButClose() {
        String stream = newStream("order");
        EventTransaction committed = store().beginTransaction();
        committed.append(stream, ExpectedVersion.noStream(), events("Placed", 1));
        Stream<RecordedEvent> lazy = committed.readStream(stream);
        committed.commit();

        committed.close();
        committed.close();
        assertThatThrownBy(committed::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> committed.append(stream, ExpectedVersion.any(), events("Late", 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> committed.readEvent(UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> committed.streamVersion(stream)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> committed.afterCommit(() -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lazy::toList).as("a lazy read consumed after the end")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().checkpointStore().within(committed).save(newName(), 1))
                .isInstanceOf(IllegalStateException.class);

        EventTransaction rolledBack = store().beginTransaction();
        rolledBack.close();
        assertThatThrownBy(rolledBack::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rolledBack.append(stream, ExpectedVersion.any(), events("Late", 1)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    @Test
    default void aTransactionOfInTransactionIsEndedByItAlone() {
        String stream = newStream("order");

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.append(stream, ExpectedVersion.noStream(), events("Placed", 1));
            tx.commit();
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.append(stream, ExpectedVersion.noStream(), events("Placed", 1));
            tx.close();
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store().streamVersion(stream)).as("both were rolled back").isZero();

        T escaped = store().inTransaction(tx -> tx);
        assertThatThrownBy(() -> escaped.append(stream, ExpectedVersion.any(), events("Late", 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> escaped.readStream(stream)).isInstanceOf(IllegalStateException.class);
        assertThat(store().streamVersion(stream)).isZero();
    }

    // ---------------------------------------------------------------- what a transaction sees

    @Test
    default void readsInsideATransactionSeeItsOwnAppendsByStreamAndById() {
        String stream = newStream("order");
        appendEvents(stream, 2);
        List<EventData> added = events("Placed", 3);

        List<RecordedEvent> committed = store().inTransaction(tx -> {
            AppendResult result = tx.append(stream, ExpectedVersion.exactly(2), added);
            assertThat(result.nextExpectedVersion()).isEqualTo(5);
            assertThat(tx.streamVersion(stream)).isEqualTo(5);
            List<RecordedEvent> read = tx.readStream(stream).toList();
            assertThat(versions(read)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(ids(read.subList(2, 5))).isEqualTo(dataIds(added));
            RecordedEvent byId = tx.readEvent(added.get(1).id()).orElseThrow();
            assertThat(byId.version()).isEqualTo(4);
            assertThat(byId.streamId()).isEqualTo(stream);
            assertThat(tx.readEvent(UUID.randomUUID())).isEmpty();
            // Appends inside go on from what the transaction itself wrote.
            tx.append(stream, ExpectedVersion.exactly(5), events("Paid", 1));
            assertThatThrownBy(() -> tx.append(stream, ExpectedVersion.exactly(5), events("Paid", 1)))
                    .isInstanceOf(dev.eventstore.WrongExpectedVersionException.class);
            return tx.readStream(stream).toList();
        });

        assertThat(ids(readStream(stream))).isEqualTo(ids(committed));
        assertThat(positions(readStream(stream))).isEqualTo(positions(committed));
    }

    @Test
    default void joinedStoresSeeTheirOwnUncommittedWritesAndOthersDoNot() throws Exception {
        String checkpoint = newName();
        String owner = newName();
        String snapshotted = newStream("tally");
        store().checkpointStore().save(checkpoint, 5);
        Deadline cancelled = new Deadline(owner, "cancelled", DUE, "{}");
        store().deadlineStore().schedule(cancelled);

        try (EventTransaction tx = store().beginTransaction()) {
            CheckpointStore checkpoints = store().checkpointStore().within(tx);
            SnapshotStore snapshots = store().snapshotStore().within(tx);
            DeadlineStore deadlines = store().deadlineStore().within(tx);
            assertThat(checkpoints.load(checkpoint)).isEqualTo(5);

            checkpoints.save(checkpoint, 9);
            snapshots.save(snapshot(snapshotted, 4));
            Deadline scheduled = new Deadline(owner, "timeout", DUE.plusSeconds(1), "{\"n\":1}");
            deadlines.schedule(scheduled);
            assertThat(deadlines.cancel(owner, "cancelled")).isTrue();

            assertThat(checkpoints.load(checkpoint)).isEqualTo(9);
            assertThat(snapshots.load(snapshotted).orElseThrow().version()).isEqualTo(4);
            assertThat(deadlines.find(owner, "timeout")).isPresent();
            assertThat(deadlines.find(owner, "cancelled")).isEmpty();
            assertThat(deadlines.due(owner, DUE.plusSeconds(5), 10)).extracting(Deadline::key)
                    .containsExactly("timeout");
            assertThat(deadlines.nextDue(owner)).contains(DUE.plusSeconds(1));

            // Another thread sees what was committed before.
            assertThat(onOtherThread(() -> store().checkpointStore().load(checkpoint))).isEqualTo(5);
            assertThat(onOtherThread(() -> store().snapshotStore().load(snapshotted))).isEmpty();
            assertThat(onOtherThread(() -> store().deadlineStore().find(owner, "timeout"))).isEmpty();
            assertThat(onOtherThread(() -> store().deadlineStore().find(owner, "cancelled"))).isPresent();

            assertThat(deadlines.claim(deadlines.due(owner, DUE.plusSeconds(5), 10).get(0))).isTrue();
            assertThat(deadlines.find(owner, "timeout")).as("claimed inside").isEmpty();
            deadlines.schedule(scheduled);
            tx.commit();
        }

        assertThat(store().checkpointStore().load(checkpoint)).isEqualTo(9);
        assertThat(store().snapshotStore().load(snapshotted)).isPresent();
        assertThat(store().deadlineStore().find(owner, "timeout")).isPresent();
        assertThat(store().deadlineStore().find(owner, "cancelled")).isEmpty();
    }

    @Test
    default void checkpointsMovedInConcurrentTransactionsLoseNoUpdate() throws Exception {
        String checkpoint = newName();
        int threads = 4;
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> movers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                movers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int r = 0; r < rounds; r++) {
                        store().inTransaction(tx -> {
                            CheckpointStore checkpoints = store().checkpointStore().within(tx);
                            checkpoints.save(checkpoint, checkpoints.load(checkpoint) + 1);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> mover : movers) {
                mover.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store().checkpointStore().load(checkpoint)).isEqualTo(threads * rounds);
    }

    @Test
    default void ofTwoTransactionsClaimingOneDeadlineExactlyOneCommitsTheClaim() throws Exception {
        String owner = newName();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Deadline deadline = new Deadline(owner, "k" + round, DUE, "{}");
                store().deadlineStore().schedule(deadline);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    claims.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store().inTransaction(tx -> store().deadlineStore().within(tx).claim(deadline));
                    }));
                }
                int won = 0;
                for (Future<Boolean> claim : claims) {
                    won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(won).as("transactions whose claim of %s returned true", deadline).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().deadlineStore().nextDue(owner)).isEmpty();
    }

    // ---------------------------------------------------------------- after commit

    @Test
    default void afterCommitActionsRunAfterTheCommitInOrderAndSeeItsEffects() {
        String stream = newStream("order");
        EventData placed = event("Placed");
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.currentThread();

        store().inTransaction(tx -> {
            tx.append(stream, ExpectedVersion.noStream(), List.of(placed));
            tx.afterCommit(() -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                // Committed: readable through the store, and the thread is out of the transaction.
                ran.add("first saw " + store().readEvent(placed.id()).isPresent());
            });
            tx.afterCommit(() -> {
                throw new IllegalStateException("an action that fails");
            });
            tx.afterCommit(() -> ran.add("third"));
            assertThat(ran).as("before the commit").isEmpty();
            return null;
        });
        assertThat(ran).containsExactly("first saw true", "third");

        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.exactly(1), events("Paid", 1));
            tx.afterCommit(() -> ran.add("begun and committed, may append: "
                    + store().append(stream, ExpectedVersion.exactly(2), events("Shipped", 1)).nextExpectedVersion()));
            tx.commit();
        }
        assertThat(ran).last().isEqualTo("begun and committed, may append: 3");
    }

    @Test
    default void afterCommitActionsNeverRunWhenTheTransactionRollsBack() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.append(newStream("order"), ExpectedVersion.noStream(), events("Placed", 1));
            tx.afterCommit(() -> ran.add("managed"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        try (EventTransaction tx = store().beginTransaction()) {
            tx.afterCommit(() -> ran.add("begun"));
        }
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.afterCommit(null);
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");

        assertThat(ran).isEmpty();
    }

    // ---------------------------------------------------------------- threads

    @Test
    @SuppressWarnings("try") // closes the transaction from another thread on purpose
    default void aTransactionIsRefusedToEveryOtherThread() throws Exception {
        String stream = newStream("order");
        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.noStream(), events("Placed", 1));

            assertThatThrownBy(() -> onOtherThread(() -> tx.append(stream, ExpectedVersion.any(), events("X", 1))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("thread");
            assertThatThrownBy(() -> onOtherThread(() -> tx.readStream(stream).toList()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> onOtherThread(() -> tx.readEvent(UUID.randomUUID())))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> onOtherThread(() -> {
                tx.commit();
                return null;
            })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> onOtherThread(() -> {
                tx.close();
                return null;
            })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> onOtherThread(() -> {
                store().checkpointStore().within(tx).save(newName(), 1);
                return null;
            })).isInstanceOf(IllegalStateException.class);

            // Still open, and its own thread's to end.
            tx.append(stream, ExpectedVersion.exactly(1), events("Paid", 1));
            tx.commit();
        }
        assertThat(store().streamVersion(stream)).isEqualTo(2);
    }

    @Test
    default void theStoresOwnAppendAndTransactionsAreRefusedInsideATransactionNotDeadlocked() {
        String stream = newStream("order");
        assertTimeoutPreemptively(TIMEOUT, () -> {
            assertThatThrownBy(() -> store().inTransaction(tx -> {
                tx.append(stream, ExpectedVersion.noStream(), events("Outer", 1));
                return store().append(stream, ExpectedVersion.any(), events("Inner", 1));
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
            assertThatThrownBy(() -> store().inTransaction(tx -> store().inTransaction(inner -> null)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store().inTransaction(tx -> store().beginTransaction()))
                    .isInstanceOf(IllegalStateException.class);
            try (EventTransaction tx = store().beginTransaction()) {
                tx.append(stream, ExpectedVersion.noStream(), events("Outer", 1));
                assertThatThrownBy(() -> store().append(stream, ExpectedVersion.any(), events("Inner", 1)))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> store().beginTransaction()).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> store().inTransaction(inner -> null))
                        .isInstanceOf(IllegalStateException.class);
            }
            assertThat(store().streamVersion(stream)).isZero();
            // The store is still usable afterwards, on this thread.
            store().append(stream, ExpectedVersion.noStream(), events("After", 1));
            assertThat(store().streamVersion(stream)).isEqualTo(1);
        });
    }

    @Test
    default void transactionsOfSeveralThreadsCommitEverythingOnce() throws Exception {
        int threads = 4;
        int perThread = 10;
        String stream = newStream("order");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<EventData> all = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        List<EventData> events = events("Placed", 2);
                        store().inTransaction(tx -> tx.append(stream, ExpectedVersion.any(), events));
                        all.addAll(events);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<RecordedEvent> read = readStream(stream);
        assertThat(read).hasSize(threads * perThread * 2);
        assertThat(ids(read)).containsExactlyInAnyOrderElementsOf(dataIds(all));
        assertStrictlyIncreasingPositions(read);
        assertThat(ids(store().readAll(0, Long.MAX_VALUE).filter(e -> e.streamId().equals(stream)).toList()))
                .isEqualTo(ids(read));
    }

    @Test
    default void beginningATransactionOnAClosedStoreIsRefused() {
        store().close();

        assertThatThrownBy(() -> store().beginTransaction()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().inTransaction(tx -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().inTransaction(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("work");
    }

    // ---------------------------------------------------------------- reading by id

    @Test
    default void readEventOfAnAppendRolledBackIsEmpty() {
        String stream = newStream("order");
        EventData placed = event("Placed");

        try (EventTransaction tx = store().beginTransaction()) {
            tx.append(stream, ExpectedVersion.noStream(), List.of(placed));
            assertThat(tx.readEvent(placed.id())).as("inside, before the rollback").isPresent();
        }

        assertThat(store().readEvent(placed.id())).isEmpty();
        try (EventTransaction tx = store().beginTransaction()) {
            assertThat(tx.readEvent(placed.id())).as("inside the next transaction").isEmpty();
        }
    }
}
