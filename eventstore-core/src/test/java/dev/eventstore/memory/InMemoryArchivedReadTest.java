package dev.eventstore.memory;

import dev.eventstore.EventStore;
import dev.eventstore.contract.ArchivedReadContract;

/** The read contracts through export and import, and the import rules, on the in-memory store. */
class InMemoryArchivedReadTest extends ArchivedReadContract {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }
}
