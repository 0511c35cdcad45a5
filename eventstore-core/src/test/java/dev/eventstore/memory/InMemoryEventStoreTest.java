package dev.eventstore.memory;

import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;
import dev.eventstore.contract.StreamLifecycleContract;

class InMemoryEventStoreTest extends EventStoreContract implements StreamLifecycleContract {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }
}
