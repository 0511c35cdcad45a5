package dev.eventstore.memory;

import dev.eventstore.EventTransaction;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.TransactionalStoreContract;

/** Transactions, commands and reactors in memory: restarts and second instances reuse the one store. */
class InMemoryTransactionalStoreTest extends TransactionalStoreContract<EventTransaction> {

    @Override
    protected TransactionalEventStore<EventTransaction> createStore() {
        return new InMemoryEventStore();
    }

    @Override
    protected boolean canOpenAgain() {
        return false;
    }
}
