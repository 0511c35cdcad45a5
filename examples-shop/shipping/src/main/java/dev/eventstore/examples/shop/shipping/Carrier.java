package dev.eventstore.examples.shop.shipping;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The carrier, simulated: it takes every parcel except those for one configured address, which it
 * cannot deliver to. A pure function of the shipment.
 */
public final class Carrier {

    /** The address the carrier refuses unless another is configured. */
    public static final String DEFAULT_UNDELIVERABLE = "1 Nowhere Lane";

    private final String undeliverable;

    /**
     * @param undeliverable the address (compared ignoring case and surrounding blanks) it refuses
     * @throws IllegalArgumentException if it is null or blank
     */
    public Carrier(String undeliverable) {
        if (undeliverable == null || undeliverable.isBlank()) {
            throw new IllegalArgumentException("the undeliverable address must not be blank, was: " + undeliverable);
        }
        this.undeliverable = normal(undeliverable);
    }

    /**
     * @param orderId the order, which the tracking number is derived from
     * @param address where the parcel goes
     * @return what the carrier says when it comes for the parcel
     */
    public Outcome dispatch(String orderId, String address) {
        if (normal(address).equals(undeliverable)) {
            return new Outcome(false, "the carrier does not deliver to " + address);
        }
        String number = UUID.nameUUIDFromBytes(orderId.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return new Outcome(true, "TRK-" + number.toUpperCase(Locale.ROOT));
    }

    private static String normal(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @param dispatched true if the carrier took the parcel
     * @param trackingNumberOrReason the tracking number, or why it was refused
     */
    public record Outcome(boolean dispatched, String trackingNumberOrReason) {
    }
}
