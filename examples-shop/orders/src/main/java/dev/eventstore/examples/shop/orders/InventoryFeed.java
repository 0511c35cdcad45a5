package dev.eventstore.examples.shop.orders;

import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.util.List;
import java.util.Set;

/**
 * What the orders service reads from the inventory's feed, in its own types (a tolerant reader).
 * Checked against the inventory's published examples by a contract test.
 */
public final class InventoryFeed {

    /** The reader's registry. */
    public static final EventTypes TYPES = Readers.registry(StockReserved.class,
            ReservationRefused.class, ReservationReleased.class, ReservationCommitted.class, StockReturned.class);

    /** The types read. */
    public static final Set<String> READS = TYPES.typeNames(Object.class);

    private InventoryFeed() {
    }

    /** @param orderId the order whose items are all reserved */
    @EventType(name = "StockReserved")
    public record StockReserved(String orderId) {
    }

    /**
     * @param orderId the order that got nothing
     * @param shortages what was short
     */
    @EventType(name = "ReservationRefused")
    public record ReservationRefused(String orderId, List<Shortage> shortages) {
        /** @return the shortages in words, for the order's reason */
        public String describe() {
            StringBuilder out = new StringBuilder();
            for (Shortage shortage : shortages) {
                out.append(out.length() == 0 ? "" : ", ").append(shortage.sku()).append(" (").append(shortage.requested())
                        .append(" asked, ").append(shortage.available()).append(" left)");
            }
            return out.toString();
        }
    }

    /**
     * @param sku the product
     * @param requested how many were asked for
     * @param available how many were left
     */
    public record Shortage(String sku, int requested, int available) {
    }

    /** @param orderId the order whose reserved items are back on the shelf */
    @EventType(name = "ReservationReleased")
    public record ReservationReleased(String orderId) {
    }

    /** @param orderId the order whose items are sold */
    @EventType(name = "ReservationCommitted")
    public record ReservationCommitted(String orderId) {
    }

    /** @param orderId the order whose sold items are back on the shelf */
    @EventType(name = "StockReturned")
    public record StockReturned(String orderId) {
    }
}
