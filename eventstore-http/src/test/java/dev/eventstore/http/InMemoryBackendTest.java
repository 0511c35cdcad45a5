package dev.eventstore.http;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.memory.InMemoryEventStore;

/** A test on in-memory stores: a fresh, empty store for each name, kept only while the test runs. */
abstract class InMemoryBackendTest extends HttpBackendTest {

    @Override
    protected TransactionalEventStore<?> createStore(String name) {
        return new InMemoryEventStore();
    }

    @Override
    public boolean durable() {
        return false;
    }
}
