package dev.eventstore.examples.shop.shipping;

import dev.eventstore.typed.EventType;
import java.time.Instant;
import java.util.List;

/**
 * The shipping service's internal events, one stream per shipment ({@code shipment-<orderId>}):
 * private to this service. Other services see the public contract {@link ShippingContract#publish} maps
 * these to.
 */
public sealed interface ShipmentEvent {

    /** @return the order shipped */
    String orderId();

    /**
     * A shipment was asked for; it leaves the warehouse at {@code dispatchAt}, unless cancelled first.
     *
     * @param orderId the order, which is also the shipment's id
     * @param address where it goes
     * @param items what goes in the parcel
     * @param dispatchAt when the carrier picks it up
     */
    @EventType(name = "ShipmentRequested")
    record ShipmentRequested(String orderId, String address, List<Parcel> items, Instant dispatchAt)
            implements ShipmentEvent {
    }

    /**
     * The carrier took the parcel.
     *
     * @param orderId the order
     * @param trackingNumber the carrier's number for it
     */
    @EventType(name = "ShipmentDispatched")
    record ShipmentDispatched(String orderId, String trackingNumber) implements ShipmentEvent {
    }

    /**
     * The carrier refused the parcel; it never left.
     *
     * @param orderId the order
     * @param reason the carrier's reason
     */
    @EventType(name = "DispatchFailed")
    record DispatchFailed(String orderId, String reason) implements ShipmentEvent {
    }

    /**
     * The shipment was called off before it left.
     *
     * @param orderId the order
     */
    @EventType(name = "ShipmentCancelled")
    record ShipmentCancelled(String orderId) implements ShipmentEvent {
    }

    /**
     * A line of the parcel.
     *
     * @param sku the product
     * @param quantity how many
     */
    record Parcel(String sku, int quantity) {
    }
}
