package dev.eventstore.examples.shop.inventory;

import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.typed.EventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inventory's internal events: private to this service. Other services see the public
 * contract that {@link InventoryContract#publish} maps these to, never these records.
 *
 * <p>Every event that changes a SKU's stock carries the tag {@code sku:<sku>} for each SKU it
 * touches, and the stock of a SKU is the fold of the events with its tag ({@link StockLevel}). There
 * is no stream per SKU: a reservation of several SKUs is one event in the order's reservation stream,
 * appended under a condition on the tags of all its SKUs (see {@link Inventory#reserve}).
 */
public sealed interface StockEvent {

    /** The most characters of a SKU. */
    int SKU_LENGTH = 40;

    /** @return the SKUs whose stock this event changes; empty if none */
    List<String> skus();

    /** An event of an order's reservation stream ({@code reservation-<order>}). */
    sealed interface ReservationEvent extends StockEvent {
        /** @return the order */
        String orderId();
    }

    /**
     * A reservation event that moves units of the SKUs of its items: it changes the stock of each.
     */
    sealed interface ItemsEvent extends ReservationEvent {
        /** @return the SKUs and quantities moved, one item per SKU */
        List<Item> items();

        @Override
        default List<String> skus() {
            return Item.skus(items());
        }
    }

    /**
     * Goods arrived and were put on the shelf.
     *
     * @param sku the product
     * @param quantity how many units, at least 1
     */
    @EventType(name = "StockReceived")
    record StockReceived(String sku, int quantity) implements StockEvent {
        /** @throws IllegalArgumentException naming a bad component */
        public StockReceived {
            Item.check(sku, quantity, "");
        }

        @Override
        public List<String> skus() {
            return List.of(sku);
        }
    }

    /**
     * Every item of an order was set aside: taken off the shelf, not yet sold.
     *
     * @param orderId the order, whose reservation stream this is
     * @param items the SKUs and quantities, one item per SKU
     */
    @EventType(name = "StockReserved")
    record StockReserved(String orderId, List<Item> items) implements ItemsEvent {
        /** @throws IllegalArgumentException naming a bad component */
        public StockReserved {
            items = Item.checkAll(items);
        }
    }

    /**
     * An order could not have all its items, so it got none of them.
     *
     * @param orderId the order
     * @param shortages the items short of stock, with what was asked for and what was on hand
     */
    @EventType(name = "ReservationRefused")
    record ReservationRefused(String orderId, List<Shortage> shortages) implements ReservationEvent {
        /** @throws IllegalArgumentException if {@code shortages} is null or empty */
        public ReservationRefused {
            if (shortages == null || shortages.isEmpty()) {
                throw new IllegalArgumentException("shortages must name at least one item, was: " + shortages);
            }
            shortages = List.copyOf(shortages);
        }

        @Override
        public List<String> skus() {
            return List.of();
        }
    }

    /**
     * A reservation was given up: its units are back on the shelf.
     *
     * @param orderId the order
     * @param items what was reserved
     */
    @EventType(name = "ReservationReleased")
    record ReservationReleased(String orderId, List<Item> items) implements ItemsEvent {
        /** @throws IllegalArgumentException naming a bad component */
        public ReservationReleased {
            items = Item.checkAll(items);
        }
    }

    /**
     * A reservation was sold: its units left the stock for the shipment.
     *
     * @param orderId the order
     * @param items what was reserved
     */
    @EventType(name = "ReservationCommitted")
    record ReservationCommitted(String orderId, List<Item> items) implements ItemsEvent {
        /** @throws IllegalArgumentException naming a bad component */
        public ReservationCommitted {
            items = Item.checkAll(items);
        }
    }

    /**
     * Sold units came back (the shipment never left): they are on the shelf again.
     *
     * @param orderId the order
     * @param items what was committed
     */
    @EventType(name = "StockReturned")
    record StockReturned(String orderId, List<Item> items) implements ItemsEvent {
        /** @throws IllegalArgumentException naming a bad component */
        public StockReturned {
            items = Item.checkAll(items);
        }
    }

    /**
     * A quantity of one SKU.
     *
     * @param sku the product: 1 to 40 letters, digits, {@code -}, {@code _} or {@code .}
     * @param quantity from 1 to {@value #MAX_QUANTITY}
     */
    record Item(String sku, int quantity) {

        /** The most units of one SKU an item may hold. */
        public static final int MAX_QUANTITY = 100_000;

        /** @throws IllegalArgumentException naming a bad component */
        public Item {
            check(sku, quantity, "");
        }

        static void check(String sku, int quantity, String prefix) {
            Fields.id(prefix + "sku", sku, SKU_LENGTH);
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                throw new InvalidFieldException(prefix + "quantity", prefix + "quantity must be between 1 and " + MAX_QUANTITY
                        + ", was: " + quantity);
            }
        }

        static List<Item> checkAll(List<Item> items) {
            if (items == null || items.isEmpty()) {
                throw new InvalidFieldException("items", "items must hold at least one item, was: " + items);
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item == null) {
                    throw new InvalidFieldException("items/" + i, "items/" + i + " must not be null");
                }
                if (!seen.add(item.sku())) {
                    throw new InvalidFieldException("items/" + i + "/sku", "items/" + i + "/sku names " + item.sku()
                            + " a second time; give each SKU once");
                }
            }
            return List.copyOf(items);
        }

        static List<String> skus(Collection<Item> items) {
            List<String> skus = new ArrayList<>(items.size());
            for (Item item : items) {
                skus.add(item.sku());
            }
            return skus;
        }
    }

    /**
     * An item that could not be reserved.
     *
     * @param sku the product
     * @param requested how many units the order asked for
     * @param available how many were on hand
     */
    record Shortage(String sku, int requested, int available) {
    }
}
