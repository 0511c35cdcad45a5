package dev.eventstore.examples.shop.inventory;

import dev.eventstore.EventFilter;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory as a running service: its HTTP API, its feed and its publisher, over its own store.
 *
 * <pre>
 * POST /stock/{sku}/receive                {commandId, quantity}
 * POST /reservations                       {commandId, orderId, items: [{sku, quantity}]}
 * POST /reservations/{orderId}/release     {commandId}     (also /commit, /return)
 * GET  /stock, /stock/{sku}, /reservations/{orderId}, /status
 * GET  /feed?after=&amp;limit=&amp;wait=              the public contract ({@link InventoryContract})
 * </pre>
 */
public final class InventoryService {

    private final Inventory inventory;

    private InventoryService(Inventory inventory) {
        this.inventory = inventory;
    }

    /**
     * Starts the inventory.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @return the running service; closing it stops answering, then the publisher
     * @throws IOException if the port cannot be bound
     */
    public static HttpService start(JdbcEventStore store, int port) throws IOException {
        Inventory inventory = new Inventory(store);
        InventoryService api = new InventoryService(inventory);
        Reactor<JdbcTransaction> publisher = InventoryContract.publish(store);
        return HttpService.builder(InventoryContract.SOURCE, new InetSocketAddress("127.0.0.1", port))
                .feed(FeedPublisher.builder(store, InventoryContract.SOURCE,
                        EventFilter.category(InventoryContract.CATEGORY)).build())
                .endpoint("/stock", QueryEndpoint.builder()
                        .get("", query -> inventory.stock().values().stream().map(level -> level(level, null)).toList())
                        .get("{sku}", query -> level(inventory.stock(query.path("sku")), null))
                        .commands(CommandEndpoint.of(api::stockCommand))
                        .build())
                .endpoint("/reservations", QueryEndpoint.builder()
                        .get("{orderId}", query -> reservation(inventory.reservation(query.path("orderId")), null))
                        .commands(CommandEndpoint.of(api::reservationCommand))
                        .build())
                .status(status -> status.head(store).metrics(Metrics.globalRegistry).reactor(publisher))
                .closing(publisher)
                .start();
    }

    /** POST /stock/{sku}/receive. */
    private CommandReply stockCommand(CommandRequest request) {
        List<String> path = request.path();
        if (path.size() != 2 || !path.get(1).equals("receive")) {
            throw new ResourceNotFoundException("no command at /stock/" + String.join("/", path));
        }
        Receive receive = request.bodyAs(Receive.class);
        boolean booked = inventory.receive(request.commandId(), path.get(0), receive.quantity());
        return CommandReply.ok(level(inventory.stock(path.get(0)), !booked));
    }

    /** POST /reservations, /reservations/{orderId}/release, /commit, /return. */
    private CommandReply reservationCommand(CommandRequest request) {
        List<String> path = request.path();
        Inventory.Result result;
        if (path.isEmpty()) {
            Reserve reserve = request.bodyAs(Reserve.class);
            result = inventory.reserve(request.commandId(), reserve.orderId(), reserve.items());
        } else if (path.size() == 2 && path.get(1).equals("release")) {
            result = inventory.release(request.commandId(), path.get(0));
        } else if (path.size() == 2 && path.get(1).equals("commit")) {
            result = inventory.commit(request.commandId(), path.get(0));
        } else if (path.size() == 2 && path.get(1).equals("return")) {
            result = inventory.returnStock(request.commandId(), path.get(0));
        } else {
            throw new ResourceNotFoundException("no command at /reservations/" + String.join("/", path));
        }
        return CommandReply.ok(reservation(result.reservation(), result.alreadyHandled()));
    }

    private static Map<String, Object> level(StockLevel level, Boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sku", level.sku());
        json.put("received", level.received());
        json.put("reserved", level.reserved());
        json.put("shipped", level.shipped());
        json.put("onHand", level.onHand());
        if (alreadyHandled != null) {
            json.put("alreadyHandled", alreadyHandled);
        }
        return json;
    }

    private static Map<String, Object> reservation(Reservation reservation, Boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orderId", reservation.orderId());
        json.put("status", reservation.status().toString());
        json.put("items", reservation.items());
        json.put("shortages", reservation.shortages());
        if (alreadyHandled != null) {
            json.put("alreadyHandled", alreadyHandled);
        }
        return json;
    }

    /**
     * @param quantity how many units arrived
     */
    record Receive(int quantity) {
    }

    /**
     * @param orderId the order
     * @param items what it needs
     */
    record Reserve(String orderId, List<Item> items) {
    }
}
