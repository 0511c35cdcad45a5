package dev.eventstore.memory;

import dev.eventstore.StreamIds;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SnapshotStore} in the heap of this JVM: for tests, and beside the in-memory event store.
 * Safe for concurrent use; keeps one snapshot per stream.
 */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final ConcurrentMap<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** An empty store. */
    public InMemorySnapshotStore() {
    }

    @Override
    public void save(Snapshot snapshot) {
        Args.notNull("snapshot", snapshot);
        // merge is atomic per key, so of two racing saves the newer version always stays.
        snapshots.merge(snapshot.streamId(), snapshot,
                (stored, offered) -> offered.version() >= stored.version() ? offered : stored);
    }

    @Override
    public Optional<Snapshot> load(String streamId) {
        StreamIds.validate(streamId);
        return Optional.ofNullable(snapshots.get(streamId));
    }

    @Override
    public void delete(String streamId) {
        StreamIds.validate(streamId);
        snapshots.remove(streamId);
    }
}
