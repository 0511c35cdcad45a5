package dev.eventstore.memory;

import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;

class InMemoryEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }
}
