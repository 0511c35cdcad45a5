package dev.eventstore.examples.shop.shipping;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.EventFilter;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.StatusEndpoint;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipping service as a running service: its HTTP API, its feed, its publisher and its
 * dispatcher, over its own store.
 *
 * <pre>
 * POST /shipments                   {commandId, orderId, address, items: [{sku, quantity}]}
 * POST /shipments/{orderId}/cancel  {commandId}
 * GET  /shipments, /shipments/{orderId}, /dispatched, /status
 * GET  /feed?after=&amp;limit=&amp;wait=       the public contract ({@link ShippingContract})
 * </pre>
 *
 * Settings: {@code dispatch-delay-ms} (default 1000), {@code undeliverable} (default
 * {@value Carrier#DEFAULT_UNDELIVERABLE}).
 */
public final class ShippingService implements AutoCloseable {

    private final Shipping shipping;
    private final HttpServer server;
    private final FeedPublisher feed;
    private final Reactor<JdbcTransaction> publisher;
    private final Reactor<JdbcTransaction> dispatcher;

    private ShippingService(JdbcEventStore store, int port, Map<String, String> settings) throws IOException {
        this.shipping = new Shipping(store, Duration.ofMillis(millis(settings, "dispatch-delay-ms", 1000)),
                Clock.systemUTC());
        this.publisher = ShippingContract.publish(store);
        this.dispatcher = shipping.dispatcher(store,
                new Carrier(settings.getOrDefault("undeliverable", Carrier.DEFAULT_UNDELIVERABLE)));
        this.feed = FeedPublisher.builder(store, ShippingContract.SOURCE,
                EventFilter.category(ShippingContract.CATEGORY)).build();
        this.server = HttpServers.create(new InetSocketAddress("127.0.0.1", port));
        server.createContext("/feed", feed);
        server.createContext("/shipments", QueryEndpoint.builder()
                .get("", query -> shipping.shipments().stream().map(shipment -> view(shipment, null)).toList())
                .get("{orderId}", query -> view(shipping.shipment(query.path("orderId")), null))
                .commands(CommandEndpoint.of(this::command))
                .build());
        server.createContext("/dispatched", QueryEndpoint.of(query -> shipping.unitsDispatched()));
        server.createContext("/status", StatusEndpoint.builder("shipping").head(store).reactor(publisher)
                .reactor(dispatcher).build());
        server.start();
    }

    /**
     * Starts the shipping service.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the other services' addresses: shipping needs none
     * @param settings {@code dispatch-delay-ms}, {@code undeliverable}
     * @return the running service
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a bad setting
     */
    public static ShippingService start(JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        return new ShippingService(store, port, settings);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering, then the reactors; the store stays open. */
    @Override
    public void close() {
        HttpServers.stop(server);
        feed.close();
        dispatcher.close();
        publisher.close();
    }

    /** POST /shipments, /shipments/{orderId}/cancel. */
    private CommandReply command(CommandRequest request) {
        List<String> path = request.path();
        Shipping.Result result;
        if (path.isEmpty()) {
            Ship ship = request.bodyAs(Ship.class);
            result = shipping.request(request.commandId(), ship.orderId(), ship.address(), ship.items());
        } else if (path.size() == 2 && path.get(1).equals("cancel")) {
            result = shipping.cancel(request.commandId(), path.get(0));
        } else {
            throw new ResourceNotFoundException("no command at /shipments/" + String.join("/", path));
        }
        return CommandReply.ok(view(result.shipment(), result.alreadyHandled()));
    }

    private static Map<String, Object> view(Shipment shipment, Boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", shipment.orderId());
        json.put("status", shipment.status().toString());
        json.put("items", shipment.items());
        json.put("dispatchAt", shipment.dispatchAt());
        if (shipment.trackingNumber() != null) {
            json.put("trackingNumber", shipment.trackingNumber());
        }
        if (shipment.failure() != null) {
            json.put("failure", shipment.failure());
        }
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
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("setting " + key + " must be a number of milliseconds, 0 or more, was: '"
                + value + "'");
    }

    /**
     * @param orderId the order
     * @param address where to
     * @param items what
     */
    record Ship(String orderId, String address, List<Parcel> items) {
    }
}
