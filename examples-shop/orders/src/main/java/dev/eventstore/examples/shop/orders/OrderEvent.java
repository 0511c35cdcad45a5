package dev.eventstore.examples.shop.orders;

import dev.eventstore.typed.EventType;
import dev.eventstore.typed.PersonalData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The orders service's internal events, one stream per order ({@code order-<orderId>}): private to
 * this service. Two kinds:
 *
 * <ul>
 *   <li><b>facts</b>: what happened to the order, here or in another service (learnt from its feed);</li>
 *   <li><b>requests</b> ({@link Request}): what the checkout wants another service to do. Each request
 *       type is carried out by one reactor as one HTTP command whose id is derived from the request
 *       event, so carrying it out again (after a crash, or a checkpoint moved back) books nothing twice
 *       in the other service.</li>
 * </ul>
 *
 * The {@link OrderDecider} alone decides which facts lead to which requests: the checkout's logic is
 * pure functions, and the reactors only carry requests out.
 *
 * <p>The customer's name, card number and address are {@link PersonalData} of the customer: stored
 * encrypted with the customer's key, and read as {@code "[forgotten]"} once the customer is forgotten
 * ({@link Orders#forgetCustomer}).
 */
public sealed interface OrderEvent {

    /** @return the order */
    String orderId();

    /** An event asking another service to act; carried out by a reactor, at least once, idempotently. */
    sealed interface Request extends OrderEvent {
    }

    /**
     * A line of an order, priced when the order was placed.
     *
     * @param sku the product
     * @param name the product's name
     * @param quantity how many, from 1
     * @param unitPrice the price of one, two decimals
     */
    record Line(String sku, String name, int quantity, BigDecimal unitPrice) {
        /** @return quantity times unit price */
        public BigDecimal amount() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    // ------------------------------------------------------------------------------------ the order

    /**
     * A customer placed an order. Also the request to reserve its items: the checkout starts here.
     *
     * @param orderId the order
     * @param customerId the customer's id
     * @param customerName the customer's name
     * @param lines what was ordered, priced
     * @param total what it costs, two decimals
     * @param cardNumber the card to pay with, digits only
     * @param address where to ship it
     * @param placedAt when
     */
    @EventType(name = "OrderPlaced")
    record OrderPlaced(String orderId, String customerId, @PersonalData(subject = "customerId") String customerName,
            List<Line> lines, BigDecimal total, @PersonalData(subject = "customerId") String cardNumber,
            @PersonalData(subject = "customerId") String address, Instant placedAt) implements Request {
    }

    /**
     * The inventory set every item aside.
     *
     * @param orderId the order
     */
    @EventType(name = "StockReserved")
    record StockReserved(String orderId) implements OrderEvent {
    }

    /**
     * The order was refused before anything was taken: some item is out of stock (final).
     *
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "OrderRejected")
    record OrderRejected(String orderId, String reason) implements OrderEvent {
    }

    /**
     * Request: hold the total on the customer's card. The answer is due within the payment deadline.
     * Version 2 added the customer's id, whose key encrypts the card number; version 1 entries read
     * with a null customer id.
     *
     * @param orderId the order
     * @param paymentId the payment
     * @param amount the total
     * @param customerId the customer; null in version 1 entries
     * @param cardNumber the card
     */
    @EventType(name = "AuthorisationRequested", version = 2)
    record AuthorisationRequested(String orderId, String paymentId, BigDecimal amount, String customerId,
            @PersonalData(subject = "customerId") String cardNumber) implements Request {
    }

    /**
     * The payments service holds the total on the card.
     *
     * @param orderId the order
     * @param paymentId the payment
     * @param amount the amount held
     */
    @EventType(name = "PaymentAuthorised")
    record PaymentAuthorised(String orderId, String paymentId, BigDecimal amount) implements OrderEvent {
    }

    /**
     * The card was declined.
     *
     * @param orderId the order
     * @param reason the gateway's reason
     */
    @EventType(name = "PaymentDeclined")
    record PaymentDeclined(String orderId, String reason) implements OrderEvent {
    }

    /**
     * No answer about the payment came before the deadline.
     *
     * @param orderId the order
     * @param deadline when the answer was due
     */
    @EventType(name = "PaymentTimedOut")
    record PaymentTimedOut(String orderId, Instant deadline) implements OrderEvent {
    }

    /**
     * Request: take the held amount.
     *
     * @param orderId the order
     * @param paymentId the payment
     */
    @EventType(name = "CaptureRequested")
    record CaptureRequested(String orderId, String paymentId) implements Request {
    }

    /**
     * The customer is charged.
     *
     * @param orderId the order
     * @param amount the amount charged
     */
    @EventType(name = "PaymentCaptured")
    record PaymentCaptured(String orderId, BigDecimal amount) implements OrderEvent {
    }

    /**
     * Request: the reserved items are sold.
     *
     * @param orderId the order
     */
    @EventType(name = "StockCommitRequested")
    record StockCommitRequested(String orderId) implements Request {
    }

    /**
     * The reserved items left the stock.
     *
     * @param orderId the order
     */
    @EventType(name = "StockCommitted")
    record StockCommitted(String orderId) implements OrderEvent {
    }

    /**
     * Request: ship the items. Version 2 added the customer's id, whose key encrypts the address;
     * version 1 entries read with a null customer id.
     *
     * @param orderId the order
     * @param customerId the customer; null in version 1 entries
     * @param address where to
     * @param lines what
     */
    @EventType(name = "ShipmentRequested", version = 2)
    record ShipmentRequested(String orderId, String customerId, @PersonalData(subject = "customerId") String address,
            List<Line> lines) implements Request {
    }

    /**
     * Shipping accepted the shipment: the order is confirmed.
     *
     * @param orderId the order
     */
    @EventType(name = "OrderConfirmed")
    record OrderConfirmed(String orderId) implements OrderEvent {
    }

    /**
     * The parcel left (final).
     *
     * @param orderId the order
     * @param trackingNumber the carrier's number
     */
    @EventType(name = "OrderShipped")
    record OrderShipped(String orderId, String trackingNumber) implements OrderEvent {
    }

    /**
     * The carrier refused the parcel.
     *
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "DispatchFailed")
    record DispatchFailed(String orderId, String reason) implements OrderEvent {
    }

    // ------------------------------------------------------------------------------------ cancelling

    /**
     * The customer asked to cancel. What happens depends on how far the order got; an order that
     * has left cannot be cancelled.
     *
     * @param orderId the order
     * @param reason the customer's words
     */
    @EventType(name = "CancellationRequested")
    record CancellationRequested(String orderId, String reason) implements OrderEvent {
    }

    /**
     * Request: call the shipment off, if it has not left.
     *
     * @param orderId the order
     */
    @EventType(name = "ShipmentCancellationRequested")
    record ShipmentCancellationRequested(String orderId) implements Request {
    }

    /**
     * Shipping called the shipment off.
     *
     * @param orderId the order
     */
    @EventType(name = "ShipmentCancelled")
    record ShipmentCancelled(String orderId) implements OrderEvent {
    }

    /**
     * The order is being cancelled: what was done is undone by the requests that follow, and the
     * order is cancelled once each is confirmed.
     *
     * @param orderId the order
     * @param reason why
     */
    @EventType(name = "OrderCancelling")
    record OrderCancelling(String orderId, String reason) implements OrderEvent {
    }

    /**
     * Request: put the reserved items back on the shelf.
     *
     * @param orderId the order
     */
    @EventType(name = "StockReleaseRequested")
    record StockReleaseRequested(String orderId) implements Request {
    }

    /**
     * Request: put the sold items back on the shelf.
     *
     * @param orderId the order
     */
    @EventType(name = "StockReturnRequested")
    record StockReturnRequested(String orderId) implements Request {
    }

    /**
     * Request: pay the customer back.
     *
     * @param orderId the order
     * @param paymentId the payment
     */
    @EventType(name = "RefundRequested")
    record RefundRequested(String orderId, String paymentId) implements Request {
    }

    /**
     * The reserved items are back on the shelf.
     *
     * @param orderId the order
     */
    @EventType(name = "StockReleased")
    record StockReleased(String orderId) implements OrderEvent {
    }

    /**
     * The sold items are back on the shelf.
     *
     * @param orderId the order
     */
    @EventType(name = "StockReturned")
    record StockReturned(String orderId) implements OrderEvent {
    }

    /**
     * The customer was paid back.
     *
     * @param orderId the order
     * @param amount the amount paid back
     */
    @EventType(name = "PaymentRefunded")
    record PaymentRefunded(String orderId, BigDecimal amount) implements OrderEvent {
    }

    /**
     * Everything done for the order is undone (final).
     *
     * @param orderId the order
     * @param reason why it was cancelled
     */
    @EventType(name = "OrderCancelled")
    record OrderCancelled(String orderId, String reason) implements OrderEvent {
    }

    /**
     * The payment was authorised after the order had given up waiting for it.
     *
     * @param orderId the order
     * @param paymentId the payment
     * @param amount the amount held
     */
    @EventType(name = "LateAuthorisationReceived")
    record LateAuthorisationReceived(String orderId, String paymentId, BigDecimal amount) implements OrderEvent {
    }

    /**
     * Request: release a hold that came too late, taking nothing.
     *
     * @param orderId the order
     * @param paymentId the payment
     */
    @EventType(name = "VoidRequested")
    record VoidRequested(String orderId, String paymentId) implements Request {
    }

    /**
     * The late hold was released; nothing was charged.
     *
     * @param orderId the order
     */
    @EventType(name = "PaymentVoided")
    record PaymentVoided(String orderId) implements OrderEvent {
    }
}
