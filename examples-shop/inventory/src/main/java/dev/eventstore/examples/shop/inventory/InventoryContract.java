package dev.eventstore.examples.shop.inventory;

import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Publisher;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inventory's public contract: the integration events other services may read from its feed.
 * They are separate from the internal {@link StockEvent}s, so the internals can change without
 * breaking a consumer; each type has a schema version, and each version has a published example in
 * {@code src/main/contract/<Type>.v<version>.json} that consumers test their readers against.
 *
 * <p>Receipts of goods are not published: nobody outside needs them.
 */
public final class InventoryContract {

    /** The name of the reactor that publishes the contract, which is also its checkpoint's. */
    public static final String PUBLISHER = "inventory-publisher";

    /** The feed's {@code source}. */
    public static final String SOURCE = "inventory";

    /** The category of the streams holding the published events, which the feed serves. */
    public static final String CATEGORY = "public";

    /** The registry of the public events, at their current versions. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register(StockReserved.class)
            .register(ReservationRefused.class)
            .register(ReservationReleased.class)
            .register(ReservationCommitted.class)
            .register(StockReturned.class)
            .build();

    private InventoryContract() {
    }

    /**
     * @param event an internal event
     * @return what is published for it; empty if nothing
     */
    public static Optional<Object> toPublic(StockEvent event) {
        if (event instanceof StockEvent.StockReserved e) {
            return Optional.of(new StockReserved(e.orderId(), lines(e.items())));
        }
        if (event instanceof StockEvent.ReservationRefused e) {
            List<Shortage> shortages = new ArrayList<>();
            for (StockEvent.Shortage s : e.shortages()) {
                shortages.add(new Shortage(s.sku(), s.requested(), s.available()));
            }
            return Optional.of(new ReservationRefused(e.orderId(), shortages));
        }
        if (event instanceof StockEvent.ReservationReleased e) {
            return Optional.of(new ReservationReleased(e.orderId(), lines(e.items())));
        }
        if (event instanceof StockEvent.ReservationCommitted e) {
            return Optional.of(new ReservationCommitted(e.orderId(), lines(e.items())));
        }
        if (event instanceof StockEvent.StockReturned e) {
            return Optional.of(new StockReturned(e.orderId(), lines(e.items())));
        }
        return Optional.empty();
    }

    /**
     * @param orderId the order an event is about
     * @return the stream its public events go to
     */
    public static String stream(String orderId) {
        return CATEGORY + "-inventory-" + orderId;
    }

    /**
     * Starts publishing the contract: a {@link Publisher} maps each event of the reservation streams to
     * its public event in the transaction of its checkpoint, so each is published once, with no outbox.
     *
     * @param store the inventory's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> publish(TransactionalEventStore<T> store) {
        return Publisher.builder(PUBLISHER, store, Inventory.TYPES, StockEvent.ReservationEvent.class)
                .filter(EventFilter.category("reservation"))
                .publish(InventoryContract::toPublic, event -> stream(event.orderId()))
                .contract(TYPES)
                .retry(RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .start();
    }

    private static List<Line> lines(List<StockEvent.Item> items) {
        List<Line> lines = new ArrayList<>(items.size());
        for (StockEvent.Item item : items) {
            lines.add(new Line(item.sku(), item.quantity()));
        }
        return lines;
    }

    /**
     * Every item of the order is set aside for it.
     *
     * @param orderId the order
     * @param items what is reserved
     */
    @EventType(name = "StockReserved")
    public record StockReserved(String orderId, List<Line> items) {
    }

    /**
     * The order cannot have all its items, so it has none of them.
     *
     * @param orderId the order
     * @param shortages each item short of stock
     */
    @EventType(name = "ReservationRefused")
    public record ReservationRefused(String orderId, List<Shortage> shortages) {
    }

    /**
     * The order's reserved items are back on the shelf.
     *
     * @param orderId the order
     * @param items what was released
     */
    @EventType(name = "ReservationReleased")
    public record ReservationReleased(String orderId, List<Line> items) {
    }

    /**
     * The order's reserved items are sold and left the stock.
     *
     * @param orderId the order
     * @param items what was sold
     */
    @EventType(name = "ReservationCommitted")
    public record ReservationCommitted(String orderId, List<Line> items) {
    }

    /**
     * The order's sold items came back on the shelf.
     *
     * @param orderId the order
     * @param items what came back
     */
    @EventType(name = "StockReturned")
    public record StockReturned(String orderId, List<Line> items) {
    }

    /**
     * A quantity of a product.
     *
     * @param sku the product
     * @param quantity how many
     */
    public record Line(String sku, int quantity) {
    }

    /**
     * An item short of stock.
     *
     * @param sku the product
     * @param requested how many the order asked for
     * @param available how many were on the shelf
     */
    public record Shortage(String sku, int requested, int available) {
    }
}
