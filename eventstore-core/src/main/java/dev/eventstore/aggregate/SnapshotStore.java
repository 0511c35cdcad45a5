package dev.eventstore.aggregate;

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
}
