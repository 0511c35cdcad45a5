package dev.eventstore.memory;

import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.contract.SnapshotStoreContract;

class InMemorySnapshotStoreTest extends SnapshotStoreContract {

    @Override
    protected SnapshotStore createStore() {
        return new InMemorySnapshotStore();
    }
}
