package dev.eventstore.examples.shop.orders;

import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.util.Set;

/**
 * What the orders service reads from the shipping service's feed, in its own types (a tolerant
 * reader). Checked against the shipping service's published examples by a contract test.
 */
public final class ShippingFeed {

    /** The reader's registry. */
    public static final EventTypes TYPES = Readers.registry(ShipmentScheduled.class,
            ShipmentDispatched.class, DispatchFailed.class, ShipmentCancelled.class);

    /** The types read. */
    public static final Set<String> READS = TYPES.typeNames(Object.class);

    private ShippingFeed() {
    }

    /** @param orderId the order whose shipment waits for the carrier */
    @EventType(name = "ShipmentScheduled")
    public record ShipmentScheduled(String orderId) {
    }

    /**
     * @param orderId the order
     * @param trackingNumber the carrier's number
     */
    @EventType(name = "ShipmentDispatched")
    public record ShipmentDispatched(String orderId, String trackingNumber) {
    }

    /**
     * @param orderId the order
     * @param reason why the carrier refused it
     */
    @EventType(name = "DispatchFailed")
    public record DispatchFailed(String orderId, String reason) {
    }

    /** @param orderId the order whose shipment was called off */
    @EventType(name = "ShipmentCancelled")
    public record ShipmentCancelled(String orderId) {
    }
}
