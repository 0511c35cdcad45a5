package dev.eventstore.examples.shop.shipping;

import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import java.time.Instant;
import java.util.List;

/** What may be asked of a shipment. */
public sealed interface ShipmentCommand {

    /**
     * Ship an order's items to an address.
     *
     * @param orderId the order
     * @param address where to
     * @param items what
     * @param dispatchAt when the carrier is to pick it up
     */
    record RequestShipment(String orderId, String address, List<Parcel> items, Instant dispatchAt)
            implements ShipmentCommand {
    }

    /**
     * The carrier came for the parcel.
     *
     * @param outcome what the carrier said
     */
    record RecordDispatch(Carrier.Outcome outcome) implements ShipmentCommand {
    }

    /** Call the shipment off, if it has not left. */
    record Cancel() implements ShipmentCommand {
    }
}
