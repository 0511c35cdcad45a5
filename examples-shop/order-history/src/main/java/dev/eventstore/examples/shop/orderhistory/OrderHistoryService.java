package dev.eventstore.examples.shop.orderhistory;

import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpService;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
public final class OrderHistoryService {

    private OrderHistoryService() {
    }

    /**
     * Starts the order history.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the addresses of {@code orders}, {@code inventory}, {@code payments}, {@code shipping}
     * @return the running service; closing it stops answering, then the feeds and the reactors
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a missing address
     */
    public static HttpService start(JdbcEventStore store, int port, Map<String, URI> peers) throws IOException {
        OrderHistory history = new OrderHistory(store);
        HttpService.Builder service = HttpService.builder("order-history", new InetSocketAddress("127.0.0.1", port))
                .endpoint("/customers", QueryEndpoint.builder()
                        .get("{customerId}/orders", query -> history.ordersOf(query.path("customerId")))
                        .get("{customerId}/timelines", query -> history.timelinesOf(query.path("customerId"),
                                query.longParameter("after", -1, Long.MIN_VALUE, Long.MAX_VALUE),
                                Duration.ofSeconds(query.longParameter("wait", 0, 0, OrderHistory.MAX_WAIT.toSeconds()))))
                        .build())
                .endpoint("/orders", QueryEndpoint.builder()
                        .get("", query -> history.all())
                        .get("{orderId}", query -> history.order(query.path("orderId")))
                        .build());
        List<HttpEventFeed> feeds = new ArrayList<>();
        for (String name : OrderHistory.FEEDS.keySet()) {
            URI url = peers.get(name);
            if (url == null) {
                throw new IllegalArgumentException("the order history needs the address of " + name + " (--peer "
                        + name + "=http://host:port); it was given " + peers.keySet());
            }
            HttpEventFeed feed = HttpEventFeed.builder(url.resolve("/feed")).name(name).build();
            Reactor<JdbcTransaction> reactor = history.follow(store, name, feed);
            service.status(status -> status.reactor(reactor)).closing(reactor);
            feeds.add(feed);
        }
        service.status(status -> status.metrics(Metrics.globalRegistry));
        // The feeds are closed before their reactors: a reactor's long poll ends at once.
        feeds.forEach(feed -> service.status(status -> status.feed(feed)).closing(feed));
        return service.start();
    }
}
