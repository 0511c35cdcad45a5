package dev.eventstore.examples.shop.payments;

import dev.eventstore.typed.EventType;
import java.math.BigDecimal;

/**
 * The payments service's internal events, one stream per payment ({@code payment-<paymentId>}):
 * private to this service. Each names its payment and order, so that a reader of one event needs no
 * other. Other services see the public contract {@link PaymentsContract#publish} maps these to.
 */
public sealed interface PaymentEvent {

    /** @return the payment */
    String paymentId();

    /** @return the order the payment is for */
    String orderId();

    /**
     * The shop asked for an amount to be authorised on a card; the gateway has not answered yet.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount, two decimals
     * @param cardNumber the card's number, digits only (kept here, never published)
     */
    @EventType(name = "AuthorisationRequested")
    record AuthorisationRequested(String paymentId, String orderId, BigDecimal amount, String cardNumber)
            implements PaymentEvent {
    }

    /**
     * The gateway authorised the amount: it is held on the card, not yet taken.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount held
     * @param authorisationCode the gateway's code for the hold
     */
    @EventType(name = "PaymentAuthorised")
    record PaymentAuthorised(String paymentId, String orderId, BigDecimal amount, String authorisationCode)
            implements PaymentEvent {
    }

    /**
     * The gateway refused the amount.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param reason the gateway's reason
     */
    @EventType(name = "PaymentDeclined")
    record PaymentDeclined(String paymentId, String orderId, String reason) implements PaymentEvent {
    }

    /**
     * The held amount was taken: the customer is charged.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount charged
     */
    @EventType(name = "PaymentCaptured")
    record PaymentCaptured(String paymentId, String orderId, BigDecimal amount) implements PaymentEvent {
    }

    /**
     * The charged amount was paid back.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount paid back
     */
    @EventType(name = "PaymentRefunded")
    record PaymentRefunded(String paymentId, String orderId, BigDecimal amount) implements PaymentEvent {
    }

    /**
     * The hold was released without taking anything.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount that was held
     */
    @EventType(name = "PaymentVoided")
    record PaymentVoided(String paymentId, String orderId, BigDecimal amount) implements PaymentEvent {
    }
}
