package dev.eventstore.examples.shop.inventory;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.EventFilter;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
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
public final class InventoryService implements AutoCloseable {

    private final Inventory inventory;
    private final HttpServer server;
    private final FeedPublisher feed;
    private final Reactor<JdbcTransaction> publisher;

    private InventoryService(JdbcEventStore store, int port) throws IOException {
        this.inventory = new Inventory(store);
        this.publisher = InventoryContract.publish(store);
        this.feed = FeedPublisher.builder(store, InventoryContract.SOURCE,
                EventFilter.category(InventoryContract.CATEGORY)).build();
        this.server = HttpServers.create(new InetSocketAddress("127.0.0.1", port));
        server.createContext("/feed", feed);
        server.createContext("/stock", QueryEndpoint.builder()
                .get("", query -> inventory.stock().values().stream().map(level -> level(level, null)).toList())
                .get("{sku}", query -> level(inventory.stock(query.path("sku")), null))
                .commands(CommandEndpoint.of(request -> {
                    List<String> path = request.path();
                    if (path.size() != 2 || !path.get(1).equals("receive")) {
                        throw new ResourceNotFoundException("no command at /stock/" + String.join("/", path));
                    }
                    Receive receive = request.bodyAs(Receive.class);
                    boolean booked = inventory.receive(request.commandId(), path.get(0), receive.quantity());
                    return CommandReply.ok(level(inventory.stock(path.get(0)), !booked));
                }))
                .build());
        server.createContext("/reservations", QueryEndpoint.builder()
                .get("{orderId}", query -> reservation(inventory.reservation(query.path("orderId")), null))
                .commands(CommandEndpoint.of(request -> {
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
                }))
                .build());
        server.createContext("/status", StatusEndpoint.builder("inventory").head(store).reactor(publisher).build());
        server.start();
    }

    /**
     * Starts the inventory.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the other services' addresses: the inventory needs none
     * @param settings none are read
     * @return the running service
     * @throws IOException if the port cannot be bound
     */
    public static InventoryService start(JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        return new InventoryService(store, port);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering, then stops the publisher; the store stays open. */
    @Override
    public void close() {
        HttpServers.stop(server);
        feed.close();
        publisher.close();
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
