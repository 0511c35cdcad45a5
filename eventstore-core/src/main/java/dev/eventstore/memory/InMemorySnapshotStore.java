package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.StreamIds;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SnapshotStore} in the heap of this JVM: for tests, and beside the in-memory event store.
 * Safe for concurrent use; keeps one snapshot per stream. It joins the transactions of an
 * {@link InMemoryEventStore} ({@link #within}): writes made there are applied when the transaction
 * commits.
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
        snapshots.merge(snapshot.streamId(), snapshot, InMemorySnapshotStore::newer);
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

    /**
     * @param transaction an open transaction
     * @return for a transaction of an {@link InMemoryEventStore}, a view whose writes are applied when
     *     it commits and whose loads see them; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public SnapshotStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        if (!(transaction instanceof MemoryTransaction memory)) {
            return this;
        }
        return memory.joined(this, () -> new Joined(memory));
    }

    private static Snapshot newer(Snapshot stored, Snapshot offered) {
        return offered.version() >= stored.version() ? offered : stored;
    }

    /** The writes of one transaction, applied when it commits; an empty optional is a delete. */
    private final class Joined implements SnapshotStore, MemoryTransaction.Pending {
        private final MemoryTransaction transaction;
        private final Map<String, Optional<Snapshot>> written = new HashMap<>();

        Joined(MemoryTransaction transaction) {
            this.transaction = transaction;
        }

        @Override
        public void save(Snapshot snapshot) {
            Args.notNull("snapshot", snapshot);
            transaction.checkUsable();
            Optional<Snapshot> current = load(snapshot.streamId());
            written.put(snapshot.streamId(), Optional.of(current.isEmpty() ? snapshot : newer(current.get(), snapshot)));
        }

        @Override
        public Optional<Snapshot> load(String streamId) {
            StreamIds.validate(streamId);
            transaction.checkUsable();
            Optional<Snapshot> pending = written.get(streamId);
            return pending != null ? pending : InMemorySnapshotStore.this.load(streamId);
        }

        @Override
        public void delete(String streamId) {
            StreamIds.validate(streamId);
            transaction.checkUsable();
            written.put(streamId, Optional.empty());
        }

        @Override
        public SnapshotStore within(EventTransaction other) {
            return InMemorySnapshotStore.this.within(other);
        }

        @Override
        public void apply() {
            written.forEach((streamId, snapshot) -> {
                if (snapshot.isPresent()) {
                    InMemorySnapshotStore.this.save(snapshot.get());
                } else {
                    snapshots.remove(streamId);
                }
            });
        }
    }
}
