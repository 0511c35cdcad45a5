package dev.eventstore.examples.shop.payments;

import java.math.BigDecimal;

/**
 * A payment: the state of its stream.
 *
 * @param paymentId the payment; null before the first event
 * @param orderId the order it pays for
 * @param amount the amount asked for
 * @param cardNumber the card, digits only
 * @param status where it is
 * @param authorisationCode the gateway's code once authorised; null before
 * @param declineReason why the gateway declined; null unless declined
 * @param captured the amount taken from the card, zero until captured
 * @param refunded the amount paid back, zero until refunded
 */
public record Payment(String paymentId, String orderId, BigDecimal amount, String cardNumber, Status status,
        String authorisationCode, String declineReason, BigDecimal captured, BigDecimal refunded) {

    /** The state of a payment never asked for. */
    public static final Payment NONE = new Payment(null, null, BigDecimal.ZERO, null, Status.NONE, null, null,
            BigDecimal.ZERO, BigDecimal.ZERO);

    /** Where a payment is. */
    public enum Status {
        /** Never asked for. */
        NONE,
        /** Sent to the gateway, no answer yet. */
        PENDING,
        /** Held on the card. */
        AUTHORISED,
        /** Refused by the gateway (final). */
        DECLINED,
        /** Taken from the card. */
        CAPTURED,
        /** Taken, then paid back (final). */
        REFUNDED,
        /** Held, then released without taking anything (final). */
        VOIDED
    }

    /** @return the card's last four digits, as shown to people */
    public String cardLast4() {
        return cardNumber == null ? null : cardNumber.substring(cardNumber.length() - 4);
    }

    Payment with(Status next) {
        return new Payment(paymentId, orderId, amount, cardNumber, next, authorisationCode, declineReason, captured,
                refunded);
    }
}
