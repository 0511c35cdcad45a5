package dev.eventstore.examples.shop.orderhistory;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order history as a running service: a reactor per feed it follows, and its read-only HTTP API.
 *
 * <pre>
 * GET /customers/{id}/orders    a customer's orders, oldest first
 * GET /customers/{id}/timelines?after=&amp;wait=   the same, each with its timeline, and a version; with
 *                               the version last seen as {@code after}, answered once they change or
 *                               after {@code wait} seconds (at most 30): a long poll for a live page
 * GET /orders, /orders/{id}     every order; one order with its timeline
 * GET /status
 * </pre>
 */
public final class OrderHistoryService implements AutoCloseable {

    private final JdbcEventStore store;
    private final OrderHistory history;
    private final Map<String, HttpEventFeed> feeds = new LinkedHashMap<>();
    private final Map<String, Reactor<JdbcTransaction>> reactors = new LinkedHashMap<>();
    private final HttpServer server;

    private OrderHistoryService(JdbcEventStore store, int port, Map<String, URI> peers) throws IOException {
        this.store = store;
        this.history = new OrderHistory(store);
        for (String name : OrderHistory.FEEDS.keySet()) {
            URI url = peers.get(name);
            if (url == null) {
                throw new IllegalArgumentException("the order history needs the address of " + name + " (--peer "
                        + name + "=http://host:port); it was given " + peers.keySet());
            }
            HttpEventFeed feed = HttpEventFeed.builder(url.resolve("/feed")).name(name).build();
            feeds.put(name, feed);
            reactors.put(name, history.follow(store, name, feed));
        }
        this.server = HttpServers.create(new InetSocketAddress("127.0.0.1", port));
        server.createContext("/customers", Http.routes(this::readCustomers, null));
        server.createContext("/orders", Http.routes(this::readOrders, null));
        server.createContext("/status", Http.routes((path, parameters) -> status(), null));
        server.start();
    }

    /**
     * Starts the order history.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the addresses of {@code orders}, {@code inventory}, {@code payments}, {@code shipping}
     * @param settings none are read
     * @return the running service
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a missing address
     */
    public static OrderHistoryService start(JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        return new OrderHistoryService(store, port, peers);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering, then the feeds and the reactors; the store stays open. */
    @Override
    public void close() {
        HttpServers.stop(server);
        feeds.values().forEach(HttpEventFeed::close);
        reactors.values().forEach(Reactor::close);
    }

    private Object readCustomers(List<String> path, Map<String, String> parameters) throws InterruptedException {
        if (path.size() == 2 && path.get(1).equals("orders")) {
            return history.ordersOf(path.get(0));
        }
        if (path.size() == 2 && path.get(1).equals("timelines")) {
            return history.timelinesOf(path.get(0), number(parameters, "after", -1),
                    Duration.ofSeconds(number(parameters, "wait", 0)));
        }
        throw new ResourceNotFoundException("nothing at /customers/" + String.join("/", path));
    }

    private Object readOrders(List<String> path, Map<String, String> parameters) {
        if (path.isEmpty()) {
            return history.all();
        }
        if (path.size() == 1) {
            return history.order(path.get(0));
        }
        throw new ResourceNotFoundException("nothing at /orders/" + String.join("/", path));
    }

    private static long number(Map<String, String> parameters, String name, long absent) {
        String value = parameters.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was: '" + value + "'");
        }
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("service", "order-history");
        Map<String, Object> running = new LinkedHashMap<>();
        reactors.values().forEach(reactor -> running.put(reactor.name(), Http.status(reactor)));
        status.put("reactors", running);
        Map<String, Object> following = new LinkedHashMap<>();
        feeds.forEach((name, feed) -> following.put(name, Http.status(feed)));
        status.put("feeds", following);
        return status;
    }
}
