package dev.eventstore.aggregate;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import java.util.Optional;

/**
 * Keeps the latest snapshot of each stream. Implementations are safe for concurrent use; the
 * in-memory one is {@link dev.eventstore.memory.InMemorySnapshotStore}, the JDBC ones keep a table.
 * Every implementation passes the same contract test suite ({@code SnapshotStoreContract} in core's
 * test-jar).
 *
 * <p>A snapshot is an optimisation, never the truth: a store may lose snapshots, and a loader that
 * finds none, or one it cannot use, replays the stream.
 */
public interface SnapshotStore {

    /**
     * Saves a snapshot if it is at least as new as the stored one: a snapshot at a higher version
     * than the stored one replaces it, one at the same version replaces it too (a new schema version
     * of the same state), and one at a lower version is ignored, so that two writers racing never
     * move a stream's snapshot back.
     *
     * @param snapshot the snapshot
     * @throws IllegalArgumentException if {@code snapshot} is null
     * @throws dev.eventstore.EventStoreException if the store cannot write it
     */
    void save(Snapshot snapshot);

    /**
     * @param streamId a stream id
     * @return the stream's latest snapshot; empty if it has none
     * @throws IllegalArgumentException if {@code streamId} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Optional<Snapshot> load(String streamId);

    /**
     * Deletes a stream's snapshot, if any.
     *
     * @param streamId a stream id
     * @throws IllegalArgumentException if {@code streamId} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    void delete(String streamId);

    /**
     * This store as seen from inside a transaction: snapshots saved through the returned store commit
     * or roll back with {@code transaction}, and loads see its uncommitted saves. A store that keeps its
     * snapshots beside the transaction's store (that store's own
     * {@link dev.eventstore.TransactionalEventStore#snapshotStore()}) joins the transaction; any other
     * returns itself and writes at once. A decorator should return a decorated
     * {@code delegate.within(transaction)}. The default returns this store.
     *
     * <p>On SQLite a transaction holds the database's only write lock: a store of the same file that
     * does not join the transaction would wait for it, so always pass the store's own through here.
     *
     * @param transaction an open transaction
     * @return a store bound to {@code transaction}, or this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    default SnapshotStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return this;
    }
}
