package dev.eventstore.memory;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.model.ModelBasedContract;

/** The model-based histories on the in-memory store. */
class InMemoryModelTest extends ModelBasedContract {

    @Override
    protected TransactionalEventStore<?> createStore() {
        return new InMemoryEventStore();
    }

    @Override
    protected String backend() {
        return "in-memory";
    }

    @Override
    protected int ciHistories() {
        return 2_000;
    }

    @Override
    protected int ciConcurrentRounds() {
        return 100;
    }
}
