package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link CheckpointStore} in the heap of this JVM: for tests, and for projections whose read model
 * is in memory too (after a restart both start from scratch, consistently). Safe for concurrent use.
 * It joins the transactions of an {@link InMemoryEventStore} ({@link #within}): saves made there are
 * applied when the transaction commits.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final ConcurrentMap<String, Long> positions = new ConcurrentHashMap<>();

    /** An empty store: every name is at position 0. */
    public InMemoryCheckpointStore() {
    }

    @Override
    public long load(String name) {
        return positions.getOrDefault(CheckpointStore.checkName(name), 0L);
    }

    @Override
    public void save(String name, long position) {
        CheckpointStore.checkName(name);
        Args.atLeast("position", position, 0);
        positions.put(name, position);
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of an {@link InMemoryEventStore}, a view whose saves are applied when it
     *     commits and whose loads see them; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public CheckpointStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        if (!(transaction instanceof MemoryTransaction memory)) {
            return this;
        }
        return memory.joined(this, () -> new Joined(memory));
    }

    /** The saves of one transaction, applied when it commits. */
    private final class Joined implements CheckpointStore, MemoryTransaction.Pending {
        private final MemoryTransaction transaction;
        private final Map<String, Long> saved = new HashMap<>();

        Joined(MemoryTransaction transaction) {
            this.transaction = transaction;
        }

        @Override
        public long load(String name) {
            CheckpointStore.checkName(name);
            transaction.checkUsable();
            Long pending = saved.get(name);
            return pending != null ? pending : InMemoryCheckpointStore.this.load(name);
        }

        @Override
        public void save(String name, long position) {
            CheckpointStore.checkName(name);
            Args.atLeast("position", position, 0);
            transaction.checkUsable();
            saved.put(name, position);
        }

        @Override
        public CheckpointStore within(EventTransaction other) {
            return InMemoryCheckpointStore.this.within(other);
        }

        @Override
        public void apply() {
            positions.putAll(saved);
        }
    }
}
