package dev.eventstore.examples.shop.orders;

import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What may happen to an order: the customer's commands, and the outcomes other services publish,
 * recorded by the inboxes that follow their feeds.
 */
public sealed interface OrderCommand {

    /**
     * A customer places an order.
     *
     * @param orderId the order
     * @param customerId the customer's id
     * @param customerName the customer's name
     * @param lines what, priced
     * @param cardNumber the card, digits only
     * @param address where to
     * @param placedAt when
     */
    record PlaceOrder(String orderId, String customerId, String customerName, List<Line> lines, String cardNumber,
            String address, Instant placedAt) implements OrderCommand {
    }

    /**
     * The customer asks to cancel.
     *
     * @param reason in the customer's words
     */
    record Cancel(String reason) implements OrderCommand {
    }

    /**
     * The inventory reserved the items, or refused.
     *
     * @param reserved true if every item is set aside
     * @param refusal what was short, if refused
     */
    record RecordReservation(boolean reserved, String refusal) implements OrderCommand {
    }

    /**
     * The payments service answered the authorisation.
     *
     * @param approved true if the amount is held
     * @param paymentId the payment
     * @param amount the amount held
     * @param declineReason why it was declined, if it was
     */
    record RecordAuthorisation(boolean approved, String paymentId, BigDecimal amount, String declineReason)
            implements OrderCommand {
    }

    /**
     * The payment deadline passed.
     *
     * @param deadline when the answer was due
     */
    record TimeOutPayment(Instant deadline) implements OrderCommand {
    }

    /**
     * The payment was captured.
     *
     * @param amount the amount charged
     */
    record RecordCapture(BigDecimal amount) implements OrderCommand {
    }

    /** The stock was committed. */
    record RecordStockCommitted() implements OrderCommand {
    }

    /** Shipping accepted the shipment. */
    record RecordShipmentScheduled() implements OrderCommand {
    }

    /**
     * The carrier came for the parcel.
     *
     * @param dispatched true if it took it
     * @param trackingNumberOrReason the tracking number, or why it refused
     */
    record RecordDispatch(boolean dispatched, String trackingNumberOrReason) implements OrderCommand {
    }

    /** Shipping called the shipment off. */
    record RecordShipmentCancelled() implements OrderCommand {
    }

    /** The reserved items are back on the shelf. */
    record RecordStockReleased() implements OrderCommand {
    }

    /** The sold items are back on the shelf. */
    record RecordStockReturned() implements OrderCommand {
    }

    /**
     * The customer was paid back.
     *
     * @param amount the amount
     */
    record RecordRefund(BigDecimal amount) implements OrderCommand {
    }

    /** A late hold was released. */
    record RecordVoid() implements OrderCommand {
    }
}
