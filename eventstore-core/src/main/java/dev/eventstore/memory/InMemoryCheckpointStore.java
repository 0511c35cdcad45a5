package dev.eventstore.memory;

import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link CheckpointStore} in the heap of this JVM: for tests, and for projections whose read model
 * is in memory too (after a restart both start from scratch, consistently). Safe for concurrent use.
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
}
