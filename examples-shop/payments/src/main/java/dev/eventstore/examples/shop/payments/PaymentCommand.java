package dev.eventstore.examples.shop.payments;

import java.math.BigDecimal;

/** What may be asked of a payment. */
public sealed interface PaymentCommand {

    /**
     * Hold an amount on a card for an order.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount, above zero, two decimals
     * @param cardNumber the card, 12 to 19 digits
     */
    record RequestAuthorisation(String paymentId, String orderId, BigDecimal amount, String cardNumber)
            implements PaymentCommand {
    }

    /**
     * The gateway answered an authorisation request.
     *
     * @param approved true if it holds the amount
     * @param codeOrReason the authorisation code, or the reason for declining
     */
    record RecordGatewayAnswer(boolean approved, String codeOrReason) implements PaymentCommand {
    }

    /** Take the held amount. */
    record Capture() implements PaymentCommand {
    }

    /** Pay the taken amount back. */
    record Refund() implements PaymentCommand {
    }

    /** Release the hold without taking anything. */
    record Void() implements PaymentCommand {
    }
}
