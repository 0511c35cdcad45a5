package dev.eventstore.http;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.memory.InMemoryEventStore;

/** The contracts of this module on in-memory stores. */
class InMemoryHttpTest extends HttpBackendTest
        implements FeedContract, InboxContract, CommandContract, FeedLatencyContract {

    @Override
    protected TransactionalEventStore<?> createStore(String name) {
        return new InMemoryEventStore();
    }

    @Override
    public boolean durable() {
        return false;
    }
}
