package dev.eventstore.examples.shop.shipping;

import dev.eventstore.EventFilter;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpService;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 */
public final class ShippingService {

    private final Shipping shipping;

    private ShippingService(Shipping shipping) {
        this.shipping = shipping;
    }

    /**
     * Starts the shipping service.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param settings how dispatching behaves
     * @return the running service; closing it stops answering, then the reactors
     * @throws IOException if the port cannot be bound
     */
    public static HttpService start(JdbcEventStore store, int port, Settings settings) throws IOException {
        Shipping shipping = new Shipping(store, settings.dispatchDelay(), Clock.systemUTC());
        ShippingService api = new ShippingService(shipping);
        Reactor<JdbcTransaction> publisher = ShippingContract.publish(store);
        Reactor<JdbcTransaction> dispatcher = shipping.dispatcher(store, new Carrier(settings.undeliverable()));
        return HttpService.builder(ShippingContract.SOURCE, new InetSocketAddress("127.0.0.1", port))
                .feed(FeedPublisher.builder(store, ShippingContract.SOURCE,
                        EventFilter.category(ShippingContract.CATEGORY)).build())
                .endpoint("/shipments", QueryEndpoint.builder()
                        .get("", query -> shipping.shipments().stream().map(shipment -> view(shipment, null)).toList())
                        .get("{orderId}", query -> view(shipping.shipment(query.path("orderId")), null))
                        .commands(CommandEndpoint.of(api::command))
                        .build())
                .endpoint("/dispatched", QueryEndpoint.of(query -> shipping.unitsDispatched()))
                .status(status -> status.head(store).metrics(Metrics.globalRegistry).reactor(publisher).reactor(dispatcher))
                .closing(publisher)
                .closing(dispatcher)
                .start();
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

    /**
     * How dispatching behaves.
     *
     * @param dispatchDelay how long after a shipment is asked for the carrier takes it
     * @param undeliverable the one address the simulated carrier refuses
     */
    public record Settings(Duration dispatchDelay, String undeliverable) {
        /** @throws IllegalArgumentException naming a setting that is null, negative or blank */
        public Settings {
            if (dispatchDelay == null || dispatchDelay.isNegative()) {
                throw new IllegalArgumentException("dispatchDelay must be 0 or more, was: " + dispatchDelay);
            }
            if (undeliverable == null || undeliverable.isBlank()) {
                throw new IllegalArgumentException("undeliverable must be an address, was: '" + undeliverable + "'");
            }
        }
    }

    /**
     * @param orderId the order
     * @param address where to
     * @param items what
     */
    record Ship(String orderId, String address, List<Parcel> items) {
    }
}
