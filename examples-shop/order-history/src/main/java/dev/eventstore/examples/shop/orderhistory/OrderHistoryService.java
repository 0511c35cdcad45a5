package dev.eventstore.examples.shop.orderhistory;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.StatusEndpoint;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order history as a running service: a reactor per feed it follows, and its read-only HTTP API.
 *
 * <pre>
 * GET /customers/{id}/orders    a customer's orders, oldest first
 * GET /orders, /orders/{id}     every order; one order with its timeline
 * GET /status
 * </pre>
 */
public final class OrderHistoryService implements AutoCloseable {

    private final OrderHistory history;
    private final Map<String, HttpEventFeed> feeds = new LinkedHashMap<>();
    private final Map<String, Reactor<JdbcTransaction>> reactors = new LinkedHashMap<>();
    private final HttpServer server;

    private OrderHistoryService(JdbcEventStore store, int port, Map<String, URI> peers) throws IOException {
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
        server.createContext("/customers", QueryEndpoint.builder()
                .get("{customerId}/orders", query -> history.ordersOf(query.path("customerId")))
                .build());
        server.createContext("/orders", QueryEndpoint.builder()
                .get("", query -> history.all())
                .get("{orderId}", query -> history.order(query.path("orderId")))
                .build());
        StatusEndpoint.Builder status = StatusEndpoint.builder("order-history").reactors(reactors::values);
        feeds.values().forEach(status::feed);
        server.createContext("/status", status.build());
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
}
