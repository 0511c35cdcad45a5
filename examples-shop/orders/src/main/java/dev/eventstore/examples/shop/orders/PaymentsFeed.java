package dev.eventstore.examples.shop.orders;

import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What the orders service reads from the payments service's feed, in its own types (a tolerant
 * reader). Checked against the payments service's published examples by a contract test.
 */
public final class PaymentsFeed {

    /** The reader's registry. */
    public static final EventTypes TYPES = Readers.registry(PaymentAuthorised.class,
            PaymentDeclined.class, PaymentCaptured.class, PaymentRefunded.class, PaymentVoided.class);

    /** The types read. */
    public static final Set<String> READS = TYPES.typeNames(Object.class);

    private PaymentsFeed() {
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount held
     */
    @EventType(name = "PaymentAuthorised")
    public record PaymentAuthorised(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "PaymentDeclined")
    public record PaymentDeclined(String paymentId, String orderId, String reason) {
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount charged
     */
    @EventType(name = "PaymentCaptured")
    public record PaymentCaptured(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount paid back
     */
    @EventType(name = "PaymentRefunded")
    public record PaymentRefunded(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     */
    @EventType(name = "PaymentVoided")
    public record PaymentVoided(String paymentId, String orderId) {
    }
}
