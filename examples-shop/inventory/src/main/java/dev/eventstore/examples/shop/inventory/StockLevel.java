package dev.eventstore.examples.shop.inventory;

import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationCommitted;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationRefused;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationReleased;
import dev.eventstore.examples.shop.inventory.StockEvent.Shortage;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReceived;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReserved;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReturned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stock of one SKU, as a fold of the events tagged with it. Every unit ever received is in
 * exactly one place: on the shelf, reserved for an order, or shipped (sold), so
 * {@code onHand + reserved + shipped == received} always, and the reservation rule keeps
 * {@code onHand} from going below zero.
 *
 * @param sku the product
 * @param received units received, in all
 * @param reserved units set aside for orders not yet sold
 * @param shipped units sold (committed to a shipment) and not returned
 */
public record StockLevel(String sku, long received, long reserved, long shipped) {

    /**
     * @param sku a SKU
     * @return the stock of a SKU with no events
     */
    public static StockLevel none(String sku) {
        return new StockLevel(sku, 0, 0, 0);
    }

    /** @return units on the shelf, free to reserve */
    public long onHand() {
        return received - reserved - shipped;
    }

    /**
     * @param event an event; one that does not touch this SKU leaves the level as it is
     * @return the level after it
     */
    public StockLevel apply(StockEvent event) {
        if (event instanceof StockReceived received && received.sku().equals(sku)) {
            return new StockLevel(sku, this.received + received.quantity(), reserved, shipped);
        }
        if (event instanceof ReservationRefused) {
            return this;
        }
        long quantity = quantityOf(event);
        if (quantity == 0) {
            return this;
        }
        if (event instanceof StockReserved) {
            return new StockLevel(sku, received, reserved + quantity, shipped);
        }
        if (event instanceof ReservationReleased) {
            return new StockLevel(sku, received, reserved - quantity, shipped);
        }
        if (event instanceof ReservationCommitted) {
            return new StockLevel(sku, received, reserved - quantity, shipped + quantity);
        }
        if (event instanceof StockReturned) {
            return new StockLevel(sku, received, reserved, shipped - quantity);
        }
        return this;
    }

    private long quantityOf(StockEvent event) {
        List<Item> items = event instanceof StockEvent.ItemsEvent e ? e.items() : List.of();
        for (Item item : items) {
            if (item.sku().equals(sku)) {
                return item.quantity();
            }
        }
        return 0;
    }

    /**
     * Folds events into the levels of the SKUs they touch.
     *
     * @param events events in log order
     * @return the level of each SKU touched, by SKU
     */
    public static Map<String, StockLevel> fold(Iterable<StockEvent> events) {
        Map<String, StockLevel> levels = new TreeMap<>();
        for (StockEvent event : events) {
            for (String sku : event.skus()) {
                levels.put(sku, levels.getOrDefault(sku, none(sku)).apply(event));
            }
        }
        return levels;
    }

    /**
     * The reservation rule: an order gets every item it asks for, or none. Pure: the caller supplies
     * the current levels, and appends the result under a condition that no level changed meanwhile.
     *
     * @param orderId the order
     * @param items what it asks for, one item per SKU
     * @param levels the current level of (at least) each SKU asked for; a missing SKU has none
     * @return {@link StockReserved} if every item is on hand, otherwise {@link ReservationRefused}
     *     listing each item short of stock
     */
    public static StockEvent decideReservation(String orderId, List<Item> items, Map<String, StockLevel> levels) {
        List<Shortage> shortages = new ArrayList<>();
        for (Item item : items) {
            long onHand = levels.getOrDefault(item.sku(), none(item.sku())).onHand();
            if (onHand < item.quantity()) {
                shortages.add(new Shortage(item.sku(), item.quantity(), (int) Math.max(0, onHand)));
            }
        }
        return shortages.isEmpty() ? new StockReserved(orderId, items) : new ReservationRefused(orderId, shortages);
    }
}
