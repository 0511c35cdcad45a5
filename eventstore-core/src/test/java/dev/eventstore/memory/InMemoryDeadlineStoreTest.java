package dev.eventstore.memory;

import dev.eventstore.contract.DeadlineStoreContract;
import dev.eventstore.reactor.DeadlineStore;

class InMemoryDeadlineStoreTest extends DeadlineStoreContract {

    @Override
    protected DeadlineStore createStore() {
        return new InMemoryDeadlineStore();
    }
}
