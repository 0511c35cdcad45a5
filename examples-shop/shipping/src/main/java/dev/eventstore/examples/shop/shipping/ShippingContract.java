package dev.eventstore.examples.shop.shipping;

import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Publisher;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.time.Instant;
import java.util.Optional;

/**
 * The shipping service's public contract: the integration events other services may read from its
 * feed, separate from the internal {@link ShipmentEvent}s (which hold the address, and never leave).
 * Each type and version has a published example in {@code src/main/contract/<Type>.v<version>.json}.
 */
public final class ShippingContract {

    /** The name of the reactor that publishes the contract, which is also its checkpoint's. */
    public static final String PUBLISHER = "shipping-publisher";

    /** The feed's {@code source}. */
    public static final String SOURCE = "shipping";

    /** The category of the streams holding the published events, which the feed serves. */
    public static final String CATEGORY = "public";

    /** The registry of the public events, at their current versions. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register(ShipmentScheduled.class)
            .register(ShipmentDispatched.class)
            .register(DispatchFailed.class)
            .register(ShipmentCancelled.class)
            .build();

    private ShippingContract() {
    }

    /**
     * @param event an internal event
     * @return what is published for it
     */
    public static Optional<Object> toPublic(ShipmentEvent event) {
        if (event instanceof ShipmentEvent.ShipmentRequested e) {
            return Optional.of(new ShipmentScheduled(e.orderId(), e.dispatchAt()));
        }
        if (event instanceof ShipmentEvent.ShipmentDispatched e) {
            return Optional.of(new ShipmentDispatched(e.orderId(), e.trackingNumber()));
        }
        if (event instanceof ShipmentEvent.DispatchFailed e) {
            return Optional.of(new DispatchFailed(e.orderId(), e.reason()));
        }
        if (event instanceof ShipmentEvent.ShipmentCancelled e) {
            return Optional.of(new ShipmentCancelled(e.orderId()));
        }
        return Optional.empty();
    }

    /**
     * @param orderId the order whose shipment an event is about
     * @return the stream its public events go to
     */
    public static String stream(String orderId) {
        return CATEGORY + "-shipment-" + orderId;
    }

    /**
     * Starts publishing the contract: a {@link Publisher} maps each internal event to its public event
     * in the transaction of its checkpoint, so each is published once, with no outbox.
     *
     * @param store the shipping service's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> publish(TransactionalEventStore<T> store) {
        return Publisher.builder(PUBLISHER, store, Shipping.TYPES, ShipmentEvent.class)
                .filter(EventFilter.category("shipment"))
                .publish(ShippingContract::toPublic, event -> stream(event.orderId()))
                .contract(TYPES)
                .retry(Shipping.RETRY)
                .start();
    }

    /**
     * The shipment is accepted and waits for the carrier.
     *
     * @param orderId the order
     * @param dispatchAt when the carrier is due
     */
    @EventType(name = "ShipmentScheduled")
    public record ShipmentScheduled(String orderId, Instant dispatchAt) {
    }

    /**
     * The parcel left with the carrier.
     *
     * @param orderId the order
     * @param trackingNumber the carrier's number for it
     */
    @EventType(name = "ShipmentDispatched")
    public record ShipmentDispatched(String orderId, String trackingNumber) {
    }

    /**
     * The carrier refused the parcel; it never left.
     *
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "DispatchFailed")
    public record DispatchFailed(String orderId, String reason) {
    }

    /**
     * The shipment was called off before it left.
     *
     * @param orderId the order
     */
    @EventType(name = "ShipmentCancelled")
    public record ShipmentCancelled(String orderId) {
    }
}
