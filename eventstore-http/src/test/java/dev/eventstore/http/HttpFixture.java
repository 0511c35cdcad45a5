package dev.eventstore.http;

import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.EventData;
import dev.eventstore.TransactionalEventStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the contracts of this module need from a backend: stores by name, servers on free ports, and
 * closing all of it after each test. {@link HttpBackendTest} implements it; each backend extends that.
 */
interface HttpFixture {

    /** The longest any test waits for something that should happen soon. */
    Duration TIMEOUT = Duration.ofSeconds(30);

    /** Makes ids unique within a run. */
    AtomicLong UNIQUE = new AtomicLong();

    /**
     * @param name a name within the test
     * @return a store, empty the first time a name is opened in a test; opened again after closing, a
     *     durable backend's store holds what it held
     */
    TransactionalEventStore<?> openStore(String name);

    /** @return true if a store closed and opened again keeps its events (not the in-memory one) */
    boolean durable();

    /**
     * @param resource closed after the test, in reverse order of registration (closing twice is fine)
     * @return the resource
     */
    <T extends AutoCloseable> T closeLater(T resource);

    /** @return a server on a free port, closed after the test */
    default TestServer serve(Map<String, HttpHandler> handlers) {
        return closeLater(TestServer.start(0, handlers));
    }

    /** @return an event with fresh data, {@code {"n": <unique>}}, at a schema version */
    default EventData event(String type, int schemaVersion) {
        return new EventData(java.util.UUID.randomUUID(), type, "{\"n\":" + UNIQUE.incrementAndGet() + "}",
                "{\"$schemaVersion\":" + schemaVersion + "}", java.util.Set.of());
    }
}
