package dev.eventstore.examples.shop.orderhistory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the order history reads from every feed, in its own types (tolerant readers: unknown fields
 * are ignored), one registry per feed. Checked against each producer's published examples by a
 * contract test.
 *
 * <p>The order history reads {@code OrderPlaced} at version 2 (the customer an object, with a name to
 * show). Entries written at version 1 (the customer a string, its id) are upcast on read: the id is
 * kept, the name is unknown.
 */
public final class Feeds {

    /** The version of {@code OrderPlaced} this reader reads. */
    public static final int ORDER_PLACED_VERSION = 2;

    /** The reader of the orders feed. */
    public static final EventTypes ORDERS = registry(EventTypes.builder()
            .upcast("OrderPlaced", 1, Feeds::customerAsObject), OrderPlaced.class, OrderConfirmed.class,
            OrderShipped.class, OrderRejected.class, OrderCancelled.class);

    /** The reader of the inventory feed. */
    public static final EventTypes INVENTORY = registry(EventTypes.builder(), StockReserved.class,
            ReservationRefused.class, ReservationReleased.class, ReservationCommitted.class, StockReturned.class);

    /** The reader of the payments feed. */
    public static final EventTypes PAYMENTS = registry(EventTypes.builder(), PaymentAuthorised.class,
            PaymentDeclined.class, PaymentCaptured.class, PaymentRefunded.class, PaymentVoided.class);

    /** The reader of the shipping feed. */
    public static final EventTypes SHIPPING = registry(EventTypes.builder(), ShipmentScheduled.class,
            ShipmentDispatched.class, DispatchFailed.class, ShipmentCancelled.class);

    private Feeds() {
    }

    private static EventTypes registry(EventTypes.Builder builder, Class<?>... types) {
        builder.objectMapper(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        for (Class<?> type : types) {
            builder.register(type);
        }
        return builder.build();
    }

    /**
     * @param registry a reader's registry
     * @return the types it reads
     */
    public static Set<String> reads(EventTypes registry) {
        return registry.typeNames(Object.class);
    }

    /** {@code OrderPlaced} version 1 to 2: the customer's id becomes an object; its name is unknown. */
    static ObjectNode customerAsObject(ObjectNode data) {
        ObjectNode customer = JsonNodeFactory.instance.objectNode();
        customer.put("id", data.path("customer").asText());
        customer.putNull("name");
        data.set("customer", customer);
        return data;
    }

    // ------------------------------------------------------------------------------------ orders

    /**
     * @param orderId the order
     * @param customer who placed it
     * @param lines what
     * @param total what it costs
     * @param placedAt when
     */
    @EventType(name = "OrderPlaced", version = ORDER_PLACED_VERSION)
    public record OrderPlaced(String orderId, Customer customer, List<Line> lines, BigDecimal total, Instant placedAt) {
    }

    /**
     * @param id the customer's id
     * @param name the customer's name; null for orders placed before the name was published
     */
    public record Customer(String id, String name) {
    }

    /**
     * @param sku the product
     * @param name its name
     * @param quantity how many
     * @param unitPrice the price of one
     */
    public record Line(String sku, String name, int quantity, BigDecimal unitPrice) {
    }

    /** @param orderId the order */
    @EventType(name = "OrderConfirmed")
    public record OrderConfirmed(String orderId) {
    }

    /**
     * @param orderId the order
     * @param trackingNumber the carrier's number
     */
    @EventType(name = "OrderShipped")
    public record OrderShipped(String orderId, String trackingNumber) {
    }

    /**
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "OrderRejected")
    public record OrderRejected(String orderId, String reason) {
    }

    /**
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "OrderCancelled")
    public record OrderCancelled(String orderId, String reason) {
    }

    // ------------------------------------------------------------------------------------ inventory

    /**
     * @param sku the product
     * @param quantity how many
     */
    public record Item(String sku, int quantity) {
    }

    /**
     * @param orderId the order
     * @param items what is reserved
     */
    @EventType(name = "StockReserved")
    public record StockReserved(String orderId, List<Item> items) {
    }

    /**
     * @param orderId the order
     * @param shortages what was short
     */
    @EventType(name = "ReservationRefused")
    public record ReservationRefused(String orderId, List<Shortage> shortages) {
    }

    /**
     * @param sku the product
     * @param requested how many were asked for
     * @param available how many were left
     */
    public record Shortage(String sku, int requested, int available) {
    }

    /** @param orderId the order */
    @EventType(name = "ReservationReleased")
    public record ReservationReleased(String orderId) {
    }

    /** @param orderId the order */
    @EventType(name = "ReservationCommitted")
    public record ReservationCommitted(String orderId) {
    }

    /** @param orderId the order */
    @EventType(name = "StockReturned")
    public record StockReturned(String orderId) {
    }

    // ------------------------------------------------------------------------------------ payments

    /**
     * @param orderId the order
     * @param amount the amount held
     */
    @EventType(name = "PaymentAuthorised")
    public record PaymentAuthorised(String orderId, BigDecimal amount) {
    }

    /**
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "PaymentDeclined")
    public record PaymentDeclined(String orderId, String reason) {
    }

    /**
     * @param orderId the order
     * @param amount the amount charged
     */
    @EventType(name = "PaymentCaptured")
    public record PaymentCaptured(String orderId, BigDecimal amount) {
    }

    /**
     * @param orderId the order
     * @param amount the amount paid back
     */
    @EventType(name = "PaymentRefunded")
    public record PaymentRefunded(String orderId, BigDecimal amount) {
    }

    /**
     * @param orderId the order
     * @param amount the amount that was held
     */
    @EventType(name = "PaymentVoided")
    public record PaymentVoided(String orderId, BigDecimal amount) {
    }

    // ------------------------------------------------------------------------------------ shipping

    /**
     * @param orderId the order
     * @param dispatchAt when the carrier is due
     */
    @EventType(name = "ShipmentScheduled")
    public record ShipmentScheduled(String orderId, Instant dispatchAt) {
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
     * @param reason why
     */
    @EventType(name = "DispatchFailed")
    public record DispatchFailed(String orderId, String reason) {
    }

    /** @param orderId the order */
    @EventType(name = "ShipmentCancelled")
    public record ShipmentCancelled(String orderId) {
    }
}
