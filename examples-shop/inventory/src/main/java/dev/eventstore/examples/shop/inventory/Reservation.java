package dev.eventstore.examples.shop.inventory;

import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.examples.shop.inventory.StockEvent.Shortage;
import java.util.List;

/**
 * An order's reservation: the state of its stream {@code reservation-<orderId>}.
 *
 * @param orderId the order; null before the first event
 * @param status where it is
 * @param items what is (or was) reserved; empty if none
 * @param shortages why it was refused; empty unless {@link Status#REFUSED}
 */
public record Reservation(String orderId, Status status, List<Item> items, List<Shortage> shortages) {

    /** The state of a stream with no events. */
    public static final Reservation NONE = new Reservation(null, Status.NONE, List.of(), List.of());

    /** Where a reservation is. */
    public enum Status {
        /** No reservation was asked for. */
        NONE,
        /** The items are set aside. */
        RESERVED,
        /** Some item was short, so none was reserved (final). */
        REFUSED,
        /** Given up: the items are back on the shelf (final). */
        RELEASED,
        /** Sold: the items left the stock. */
        COMMITTED,
        /** Sold, then put back on the shelf (final). */
        RETURNED
    }

    /** @throws IllegalArgumentException if a list is null */
    public Reservation {
        items = List.copyOf(items);
        shortages = List.copyOf(shortages);
    }

    Reservation with(Status next) {
        return new Reservation(orderId, next, items, shortages);
    }
}
