package dev.eventstore.http;

import dev.eventstore.TransactionalEventStore;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;

/** The lifecycle shared by the backends: what a test opens is closed after it, last first. */
abstract class HttpBackendTest implements HttpFixture {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** @return a store by name: see {@link HttpFixture#openStore} */
    protected abstract TransactionalEventStore<?> createStore(String name);

    @Override
    public final TransactionalEventStore<?> openStore(String name) {
        return closeLater(createStore(name));
    }

    @Override
    public final synchronized <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    void closeResources() throws Exception {
        Exception failure = null;
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = resources.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
