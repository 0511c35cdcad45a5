package dev.eventstore.memory;

import dev.eventstore.EventStore;
import dev.eventstore.contract.PersonalDataContract;
import dev.eventstore.typed.SubjectKeyStore;

/** Crypto-shredding with the in-memory store and key store. */
class InMemoryPersonalDataTest extends PersonalDataContract {

    @Override
    protected EventStore createStore() {
        return new InMemoryEventStore();
    }

    @Override
    protected SubjectKeyStore keysOf(EventStore store) {
        return new InMemorySubjectKeyStore();
    }
}
