package dev.eventstore.examples.shop.inventory;

/** What may be done to an existing reservation; reserving itself is {@link Inventory#reserve}. */
public sealed interface ReservationCommand {

    /** Give the reserved units back to the shelf. */
    record Release() implements ReservationCommand {
    }

    /** The order is paid: the reserved units are sold. */
    record Commit() implements ReservationCommand {
    }

    /** The shipment never left: put the sold units back on the shelf. */
    record Return() implements ReservationCommand {
    }
}
