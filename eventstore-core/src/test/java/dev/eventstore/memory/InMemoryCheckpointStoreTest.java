package dev.eventstore.memory;

import dev.eventstore.contract.CheckpointStoreContract;
import dev.eventstore.projection.CheckpointStore;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {

    @Override
    protected CheckpointStore createStore() {
        return new InMemoryCheckpointStore();
    }
}
