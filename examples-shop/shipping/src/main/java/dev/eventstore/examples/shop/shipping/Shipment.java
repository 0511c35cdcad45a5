package dev.eventstore.examples.shop.shipping;

import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import java.time.Instant;
import java.util.List;

/**
 * A shipment: the state of its stream.
 *
 * @param orderId the order; null before the first event
 * @param address where it goes
 * @param items what is in the parcel
 * @param status where it is
 * @param dispatchAt when the carrier is due to pick it up
 * @param trackingNumber the carrier's number once dispatched; null before
 * @param failure why dispatch failed; null unless it did
 */
public record Shipment(String orderId, String address, List<Parcel> items, Status status, Instant dispatchAt,
        String trackingNumber, String failure) {

    /** The state of a shipment never asked for. */
    public static final Shipment NONE = new Shipment(null, null, List.of(), Status.NONE, null, null, null);

    /** Where a shipment is. */
    public enum Status {
        /** Never asked for. */
        NONE,
        /** Waiting for the carrier. */
        REQUESTED,
        /** Gone with the carrier (final). */
        DISPATCHED,
        /** Refused by the carrier (final). */
        FAILED,
        /** Called off before it left (final). */
        CANCELLED
    }

    /** @throws NullPointerException if {@code items} is null */
    public Shipment {
        items = List.copyOf(items);
    }

    Shipment with(Status next, String trackingNumber, String failure) {
        return new Shipment(orderId, address, items, next, dispatchAt, trackingNumber, failure);
    }
}
