package dev.eventstore.examples.shop.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.EventData;
import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.PersonalData;
import dev.eventstore.typed.SubjectKeyStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The orders service's public contract: the integration events other services may read from its
 * feed. Each type and version has a published example in {@code src/main/contract/<Type>.v<version>.json}.
 *
 * <h2>OrderPlaced, version 1 and version 2</h2>
 * Version 1 had the customer as a string (its id). Version 2 makes it an object with the id and the
 * name. Entries stay as they were written: a log holds version 1 entries from before the roll-out and
 * version 2 entries after it. A consumer on version 2 upcasts the old ones; a consumer still on
 * version 1 asks the feed for it, and the feed serves version 2 entries downcast
 * ({@link #downcastOrderPlaced}). Which version this release writes is a setting, so that the
 * roll-out can be shown: {@link #encode}.
 */
public final class OrdersContract {

    /** The feed's {@code source}. */
    public static final String SOURCE = "orders";

    /** The category of the streams holding the published events, which the feed serves. */
    public static final String CATEGORY = "public";

    /** The current version of {@code OrderPlaced}. */
    public static final int ORDER_PLACED_VERSION = 2;

    /** What a forgotten customer's name reads as, in the log and on the feed. */
    public static final String FORGOTTEN_CUSTOMER = "forgotten customer";

    private static final ObjectMapper JSON = EventTypes.builder().build().objectMapper();

    /**
     * The registry of the public events, at their current versions. The customer's name is personal
     * data: stored encrypted with the customer's key, served decrypted by the feed
     * ({@link EventTypes#reveal}), and as {@value #FORGOTTEN_CUSTOMER} once the customer is forgotten.
     *
     * @param keys the customers' keys
     * @return the registry
     */
    public static EventTypes types(SubjectKeyStore keys) {
        return EventTypes.builder()
                .register(OrderPlaced.class)
                .register(OrderConfirmed.class)
                .register(OrderShipped.class)
                .register(OrderRejected.class)
                .register(OrderCancelled.class)
                .subjectKeys(keys)
                .build();
    }

    private OrdersContract() {
    }

    /**
     * @param event an internal event
     * @return what is published for it; empty if nothing (the checkout's requests and most steps stay
     *     private; their outcomes are published by the services that took them)
     */
    public static Optional<Object> toPublic(OrderEvent event) {
        if (event instanceof OrderEvent.OrderPlaced e) {
            List<PlacedLine> lines = new ArrayList<>();
            for (Line line : e.lines()) {
                lines.add(new PlacedLine(line.sku(), line.name(), line.quantity(), line.unitPrice()));
            }
            return Optional.of(new OrderPlaced(e.orderId(), new Customer(e.customerId(), e.customerName()), lines,
                    e.total(), e.placedAt()));
        }
        if (event instanceof OrderEvent.OrderConfirmed e) {
            return Optional.of(new OrderConfirmed(e.orderId()));
        }
        if (event instanceof OrderEvent.OrderShipped e) {
            return Optional.of(new OrderShipped(e.orderId(), e.trackingNumber()));
        }
        if (event instanceof OrderEvent.OrderRejected e) {
            return Optional.of(new OrderRejected(e.orderId(), e.reason()));
        }
        if (event instanceof OrderEvent.OrderCancelled e) {
            return Optional.of(new OrderCancelled(e.orderId(), e.reason()));
        }
        return Optional.empty();
    }

    /**
     * Encodes a public event, writing {@code OrderPlaced} at the version this release writes.
     *
     * @param types the registry of {@link #types}
     * @param published a public event
     * @param metadata its metadata
     * @param orderPlacedVersion 1 or 2
     * @return the event to append
     * @throws IllegalArgumentException if the version is neither
     */
    public static EventData encode(EventTypes types, Object published, EventMetadata metadata, int orderPlacedVersion) {
        if (published instanceof OrderPlaced placed && orderPlacedVersion == 1) {
            ObjectNode data = JSON.valueToTree(placed);
            ObjectNode meta;
            try {
                meta = (ObjectNode) JSON.readTree(metadata.toJson());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("metadata that is not JSON: " + metadata, e);
            }
            meta.put(EventMetadata.SCHEMA_VERSION_KEY, 1);
            return new EventData(UUID.randomUUID(), "OrderPlaced", downcastOrderPlaced(data).toString(),
                    meta.toString(), Set.of());
        }
        if (orderPlacedVersion != 1 && orderPlacedVersion != ORDER_PLACED_VERSION) {
            throw new IllegalArgumentException("OrderPlaced is published at version 1 or 2, not " + orderPlacedVersion);
        }
        return types.encode(published, metadata);
    }

    /**
     * {@code OrderPlaced} version 2 to version 1: the customer object becomes its id.
     *
     * @param data version 2's data; changed in place
     * @return version 1's data
     */
    public static ObjectNode downcastOrderPlaced(ObjectNode data) {
        return data.put("customer", data.path("customer").path("id").asText());
    }

    /**
     * @param orderId the order an event is about
     * @return the stream its public events go to
     */
    public static String stream(String orderId) {
        return CATEGORY + "-order-" + orderId;
    }

    /**
     * An order was placed (version 2: the customer is an object).
     *
     * @param orderId the order
     * @param customer who placed it
     * @param lines what was ordered
     * @param total what it costs
     * @param placedAt when
     */
    @EventType(name = "OrderPlaced", version = ORDER_PLACED_VERSION)
    public record OrderPlaced(String orderId, Customer customer, List<PlacedLine> lines, BigDecimal total,
            Instant placedAt) {
    }

    /**
     * @param id the customer's id
     * @param name the customer's name; personal data, {@value #FORGOTTEN_CUSTOMER} once forgotten
     */
    public record Customer(String id, @PersonalData(subject = "id", placeholder = FORGOTTEN_CUSTOMER) String name) {
    }

    /**
     * @param sku the product
     * @param name its name
     * @param quantity how many
     * @param unitPrice the price of one
     */
    public record PlacedLine(String sku, String name, int quantity, BigDecimal unitPrice) {
    }

    /** @param orderId the order, paid and accepted by shipping */
    @EventType(name = "OrderConfirmed")
    public record OrderConfirmed(String orderId) {
    }

    /**
     * @param orderId the order, gone with the carrier
     * @param trackingNumber the carrier's number
     */
    @EventType(name = "OrderShipped")
    public record OrderShipped(String orderId, String trackingNumber) {
    }

    /**
     * @param orderId the order, refused for want of stock; nothing was charged
     * @param reason what was short
     */
    @EventType(name = "OrderRejected")
    public record OrderRejected(String orderId, String reason) {
    }

    /**
     * @param orderId the order; everything done for it was undone
     * @param reason why
     */
    @EventType(name = "OrderCancelled")
    public record OrderCancelled(String orderId, String reason) {
    }
}
