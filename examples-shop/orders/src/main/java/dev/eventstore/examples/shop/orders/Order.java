package dev.eventstore.examples.shop.orders;

import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An order: the state of its stream, folded by {@link OrderDecider#evolve}.
 *
 * @param orderId the order; null before the first event
 * @param customerId the customer's id
 * @param customerName the customer's name
 * @param lines what was ordered, priced
 * @param total what it costs
 * @param cardNumber the card to pay with
 * @param address where to ship it
 * @param placedAt when it was placed
 * @param status how far the checkout got
 * @param done what has been done in other services and not undone
 * @param pending the undoing asked for and not yet confirmed, while {@link Status#CANCELLING}
 * @param cancelRequested true once the customer asked to cancel
 * @param reason why it was rejected or cancelled (or why the customer asked to); null otherwise
 * @param trackingNumber the carrier's number once shipped
 * @param lateAuthorisation what became of an authorisation that came after the order gave up waiting
 */
public record Order(String orderId, String customerId, String customerName, List<Line> lines, BigDecimal total,
        String cardNumber, String address, Instant placedAt, Status status, Set<Step> done, Set<Undo> pending,
        boolean cancelRequested, String reason, String trackingNumber, LateAuthorisation lateAuthorisation) {

    /** The state of an order never placed. */
    public static final Order NONE = new Order(null, null, null, List.of(), BigDecimal.ZERO, null, null, null,
            Status.NONE, Set.of(), Set.of(), false, null, null, LateAuthorisation.NONE);

    /** How far the checkout got. */
    public enum Status {
        /** Never placed. */
        NONE,
        /** Placed; the inventory is reserving its items. */
        PLACED,
        /** Items reserved; waiting for the payment's authorisation, at most until the deadline. */
        AWAITING_PAYMENT,
        /** Authorised; the payment is being captured. */
        AUTHORISED,
        /** Paid; the stock is being committed. */
        CAPTURED,
        /** Paid and sold; shipping is taking the shipment. */
        SHIPMENT_REQUESTED,
        /** Shipping took it: confirmed, waiting for the carrier. */
        CONFIRMED,
        /** Gone with the carrier (final). */
        SHIPPED,
        /** Being cancelled: what was done is being undone. */
        CANCELLING,
        /** Cancelled, everything undone (final). */
        CANCELLED,
        /** Refused for want of stock; nothing was taken (final). */
        REJECTED;

        /** @return true if the order can change no more */
        public boolean isFinal() {
            return this == SHIPPED || this == CANCELLED || this == REJECTED;
        }
    }

    /** What other services did for the order. */
    public enum Step {
        /** The inventory holds the items. */
        RESERVED,
        /** The payment holds the total. */
        AUTHORISED,
        /** The customer is charged. */
        CAPTURED,
        /** The items are sold, out of stock. */
        COMMITTED
    }

    /** Undoing a step. */
    public enum Undo {
        /** Reserved items go back on the shelf. */
        RELEASE_STOCK,
        /** Sold items go back on the shelf. */
        RETURN_STOCK,
        /** The charge is paid back. */
        REFUND
    }

    /** What became of an authorisation that arrived after the order stopped waiting for it. */
    public enum LateAuthorisation {
        /** None arrived. */
        NONE,
        /** One arrived; its release is asked for. */
        VOID_REQUESTED,
        /** One arrived and was released: nothing was charged. */
        VOIDED
    }

    /** @throws NullPointerException if a collection is null */
    public Order {
        lines = List.copyOf(lines);
        done = done.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(done));
        pending = pending.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pending));
    }

    /** @return true if the order is final and nothing about it is still being undone */
    public boolean settled() {
        return status.isFinal() && lateAuthorisation != LateAuthorisation.VOID_REQUESTED;
    }

    /** @return the payment's id: one payment per order, named after it */
    public String paymentId() {
        return orderId;
    }
}
