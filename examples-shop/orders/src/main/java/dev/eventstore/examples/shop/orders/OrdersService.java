package dev.eventstore.examples.shop.orders;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.EventFilter;
import dev.eventstore.http.CommandClient;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.StatusEndpoint;
import dev.eventstore.jdbc.JdbcEventStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders service as a running service: its HTTP API, its feed, and the checkout's reactors, over
 * its own store.
 *
 * <pre>
 * POST /orders                  {commandId, orderId, customer: {id, name}, lines: [{sku, quantity}],
 *                                cardNumber, address}
 * POST /orders/{id}/cancel      {commandId, reason?}
 * POST /admin/rewind            {commandId, reactor, to}: move a reactor's checkpoint back
 * GET  /orders, /orders/{id}, /products (the price list), /status
 * GET  /feed?after=&amp;limit=&amp;wait=[&amp;accept=OrderPlaced:1]   the public contract ({@link OrdersContract})
 * </pre>
 *
 * Settings: {@code payment-timeout-ms} (default 15000), {@code order-placed-version} (default 2).
 */
public final class OrdersService implements AutoCloseable {

    private static final List<String> PEERS = List.of("catalog", "inventory", "payments", "shipping");
    /** The services the checkout sends commands to. */
    private static final List<String> COMMANDED = List.of("inventory", "payments", "shipping");

    private final Orders orders;
    private final PriceList prices;
    private final Map<String, HttpEventFeed> feeds = new LinkedHashMap<>();
    private final Map<String, CommandClient> peers = new LinkedHashMap<>();
    private final Checkout checkout;
    private final FeedPublisher feed;
    private final HttpServer server;

    private OrdersService(JdbcEventStore store, int port, Map<String, URI> addresses, Map<String, String> settings)
            throws IOException {
        Checkout.Settings checkoutSettings = new Checkout.Settings(
                Duration.ofMillis(millis(settings, "payment-timeout-ms", 15_000)),
                (int) millis(settings, "order-placed-version", OrdersContract.ORDER_PLACED_VERSION));
        for (String peer : PEERS) {
            if (!addresses.containsKey(peer)) {
                throw new IllegalArgumentException("the orders service needs the address of " + peer + " (--peer "
                        + peer + "=http://host:port); it was given " + addresses.keySet());
            }
            feeds.put(peer, HttpEventFeed.builder(addresses.get(peer).resolve("/feed")).name(peer).build());
            if (COMMANDED.contains(peer)) {
                peers.put(peer, CommandClient.builder(addresses.get(peer)).name(peer).build());
            }
        }
        this.prices = new PriceList(store);
        this.orders = new Orders(store, prices, Clock.systemUTC());
        this.checkout = new Checkout(store, orders, prices, peers, Map.copyOf(feeds), checkoutSettings).start();
        this.feed = FeedPublisher.builder(store, OrdersContract.SOURCE, EventFilter.category(OrdersContract.CATEGORY))
                .downcast("OrderPlaced", 2, 1, OrdersContract::downcastOrderPlaced)
                .build();
        this.server = HttpServers.create(new InetSocketAddress("127.0.0.1", port));
        server.createContext("/feed", feed);
        server.createContext("/orders", QueryEndpoint.builder()
                .get("", query -> orders.orders().stream().map(order -> view(order, null)).toList())
                .get("{orderId}", query -> view(orders.order(query.path("orderId")), null))
                .commands(CommandEndpoint.of(this::command))
                .build());
        server.createContext("/products", QueryEndpoint.of(query -> prices.all()));
        server.createContext("/admin/rewind", CommandEndpoint.of(request -> {
            Rewind rewind = request.bodyAs(Rewind.class);
            long from = checkout.rewind(rewind.reactor(), rewind.to());
            return CommandReply.ok(Map.of("reactor", rewind.reactor(), "from", from, "to", Math.min(from, rewind.to())));
        }));
        StatusEndpoint.Builder status = StatusEndpoint.builder("orders").head(store)
                .reactors(() -> checkout.reactors().values());
        feeds.values().forEach(status::feed);
        peers.values().forEach(status::commands);
        server.createContext("/status", status.build());
        server.start();
    }

    /**
     * Starts the orders service.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the other services' addresses: {@code catalog}, {@code inventory}, {@code payments},
     *     {@code shipping}
     * @param settings {@code payment-timeout-ms}, {@code order-placed-version}
     * @return the running service
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a missing address or a bad setting
     */
    public static OrdersService start(JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        return new OrdersService(store, port, peers, settings);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering, then the feeds it follows and the checkout; the store stays open. */
    @Override
    public void close() {
        HttpServers.stop(server);
        feed.close();
        feeds.values().forEach(HttpEventFeed::close);
        checkout.close();
    }

    /** POST /orders, /orders/{id}/cancel. */
    private CommandReply command(CommandRequest request) {
        List<String> path = request.path();
        if (path.isEmpty()) {
            Place place = request.bodyAs(Place.class);
            if (place.customer() == null) {
                throw new InvalidFieldException("customer", "customer must be an object with id and name, was: null");
            }
            Orders.Result result = orders.place(request.commandId(), place.orderId(), place.customer().id(),
                    place.customer().name(), place.lines(), place.cardNumber(), place.address());
            return result.alreadyHandled() ? CommandReply.ok(view(result.order(), true))
                    : CommandReply.created(view(result.order(), false));
        }
        if (path.size() == 2 && path.get(1).equals("cancel")) {
            // The reason is optional: read it from the body rather than bind a record that requires it.
            String reason = request.body().hasNonNull("reason") ? request.text("reason") : null;
            Orders.Result result = orders.cancel(request.commandId(), path.get(0), reason);
            return CommandReply.ok(view(result.order(), result.alreadyHandled()));
        }
        throw new ResourceNotFoundException("no command at /orders/" + String.join("/", path));
    }

    /** The JSON of an order: never its card number. */
    private static Map<String, Object> view(Order order, Boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", order.orderId());
        json.put("customer", Map.of("id", order.customerId(), "name", order.customerName()));
        json.put("lines", order.lines());
        json.put("total", order.total());
        json.put("address", order.address());
        json.put("placedAt", order.placedAt());
        json.put("status", order.status().toString());
        json.put("settled", order.settled());
        json.put("cancelRequested", order.cancelRequested());
        if (order.reason() != null) {
            json.put("reason", order.reason());
        }
        if (order.trackingNumber() != null) {
            json.put("trackingNumber", order.trackingNumber());
        }
        json.put("lateAuthorisation", order.lateAuthorisation().toString());
        if (alreadyHandled != null) {
            json.put("alreadyHandled", alreadyHandled);
        }
        return json;
    }

    static long millis(Map<String, String> settings, String key, long defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("setting " + key + " must be a whole number, 0 or more, was: '" + value
                + "'");
    }

    /**
     * @param id the customer's id
     * @param name the customer's name
     */
    record Customer(String id, String name) {
    }

    /**
     * @param orderId the order's id
     * @param customer who
     * @param lines what
     * @param cardNumber the card
     * @param address where to
     */
    record Place(String orderId, Customer customer, List<Orders.Item> lines, String cardNumber, String address) {
    }

    /**
     * @param reactor the reactor's name
     * @param to the position to move back to
     */
    record Rewind(String reactor, long to) {
    }
}
