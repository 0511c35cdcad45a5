package dev.eventstore.examples.shop.orders;

import dev.eventstore.EventFilter;
import dev.eventstore.http.CommandClient;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpService;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
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
 */
public final class OrdersService {

    private static final List<String> PEERS = List.of("catalog", "inventory", "payments", "shipping");
    /** The services the checkout sends commands to. */
    private static final List<String> COMMANDED = List.of("inventory", "payments", "shipping");

    private final Orders orders;

    private OrdersService(Orders orders) {
        this.orders = orders;
    }

    /**
     * Starts the orders service.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param addresses the other services' addresses: {@code catalog}, {@code inventory}, {@code payments},
     *     {@code shipping}
     * @param settings the checkout's payment deadline, and the version of {@code OrderPlaced} it publishes
     * @return the running service; closing it stops answering, then the feeds it follows and the checkout
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a missing address
     */
    public static HttpService start(JdbcEventStore store, int port, Map<String, URI> addresses,
            Checkout.Settings settings) throws IOException {
        Map<String, HttpEventFeed> feeds = new LinkedHashMap<>();
        Map<String, CommandClient> peers = new LinkedHashMap<>();
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
        PriceList prices = new PriceList(store);
        Orders orders = new Orders(store, prices, Clock.systemUTC());
        OrdersService api = new OrdersService(orders);
        Checkout checkout = new Checkout(store, orders, prices, peers, Map.copyOf(feeds), settings).start();
        HttpService.Builder service = HttpService.builder(OrdersContract.SOURCE, new InetSocketAddress("127.0.0.1", port))
                .feed(FeedPublisher.builder(store, OrdersContract.SOURCE, EventFilter.category(OrdersContract.CATEGORY))
                        .downcast("OrderPlaced", 2, 1, OrdersContract::downcastOrderPlaced)
                        .build())
                .endpoint("/orders", QueryEndpoint.builder()
                        .get("", query -> orders.orders().stream().map(order -> view(order, null)).toList())
                        .get("{orderId}", query -> view(orders.order(query.path("orderId")), null))
                        .commands(CommandEndpoint.of(api::command))
                        .build())
                .endpoint("/products", QueryEndpoint.of(query -> prices.all()))
                .endpoint("/admin/rewind", CommandEndpoint.of(request -> {
                    Rewind rewind = request.bodyAs(Rewind.class);
                    long from = checkout.rewind(rewind.reactor(), rewind.to());
                    return CommandReply.ok(Map.of("reactor", rewind.reactor(), "from", from,
                            "to", Math.min(from, rewind.to())));
                }))
                .status(status -> {
                    status.head(store).metrics(Metrics.globalRegistry).reactors(() -> checkout.reactors().values());
                    feeds.values().forEach(status::feed);
                    peers.values().forEach(status::commands);
                })
                .closing(checkout);
        feeds.values().forEach(service::closing);
        return service.start();
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
