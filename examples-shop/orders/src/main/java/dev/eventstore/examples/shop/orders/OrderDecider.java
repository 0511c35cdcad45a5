package dev.eventstore.examples.shop.orders;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.orders.Order.LateAuthorisation;
import dev.eventstore.examples.shop.orders.Order.Status;
import dev.eventstore.examples.shop.orders.Order.Step;
import dev.eventstore.examples.shop.orders.Order.Undo;
import dev.eventstore.examples.shop.orders.OrderCommand.Cancel;
import dev.eventstore.examples.shop.orders.OrderCommand.PlaceOrder;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordAuthorisation;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordCapture;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordDispatch;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordRefund;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordReservation;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordShipmentCancelled;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordShipmentScheduled;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockCommitted;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockReleased;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockReturned;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordVoid;
import dev.eventstore.examples.shop.orders.OrderCommand.TimeOutPayment;
import dev.eventstore.examples.shop.orders.OrderEvent.AuthorisationRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.CancellationRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.CaptureRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.DispatchFailed;
import dev.eventstore.examples.shop.orders.OrderEvent.LateAuthorisationReceived;
import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderCancelled;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderCancelling;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderConfirmed;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderPlaced;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderRejected;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderShipped;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentAuthorised;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentCaptured;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentDeclined;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentRefunded;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentTimedOut;
import dev.eventstore.examples.shop.orders.OrderEvent.PaymentVoided;
import dev.eventstore.examples.shop.orders.OrderEvent.RefundRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.ShipmentCancellationRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.ShipmentCancelled;
import dev.eventstore.examples.shop.orders.OrderEvent.ShipmentRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockCommitRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockCommitted;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReleaseRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReleased;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReserved;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReturnRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReturned;
import dev.eventstore.examples.shop.orders.OrderEvent.VoidRequested;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The checkout, as pure functions: which outcome of which service leads to which next request, and
 * how a failure is compensated. The reactors of {@link Checkout} only carry the requests out.
 *
 * <pre>
 * OrderPlaced ──reserve──▶ StockReserved ──authorise (deadline)──▶ PaymentAuthorised ──capture──▶
 * PaymentCaptured ──commit stock──▶ StockCommitted ──ship──▶ OrderConfirmed ──▶ OrderShipped
 * </pre>
 *
 * Compensations, each undoing exactly what was done, the order cancelled once all are confirmed:
 * <ul>
 *   <li>out of stock: {@code OrderRejected}; nothing was reserved, nothing is charged;</li>
 *   <li>card declined, or no answer before the payment deadline: release the reservation. An
 *       authorisation that arrives afterwards is voided: nothing is ever charged for such an order;</li>
 *   <li>dispatch failed: refund the charge and return the sold stock;</li>
 *   <li>the customer cancels before dispatch: whatever was done is undone (a step under way is let
 *       finish first, then undone); after dispatch, the cancellation is refused.</li>
 * </ul>
 *
 * Every outcome is recorded once: an outcome that does not fit the order's state (a repeat, or one
 * overtaken by the deadline) changes nothing, except a late authorisation, which is voided.
 */
public final class OrderDecider implements Decider<OrderCommand, Order, OrderEvent> {

    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Override
    public Order initialState() {
        return Order.NONE;
    }

    // ------------------------------------------------------------------------------------ evolve

    @Override
    public Order evolve(Order state, OrderEvent event) {
        Draft order = new Draft(state);
        if (event instanceof OrderPlaced placed) {
            return new Order(placed.orderId(), placed.customerId(), placed.customerName(), placed.lines(),
                    placed.total(), placed.cardNumber(), placed.address(), placed.placedAt(), Status.PLACED, Set.of(),
                    Set.of(), false, null, null, LateAuthorisation.NONE);
        } else if (event instanceof StockReserved) {
            order.done.add(Step.RESERVED);
        } else if (event instanceof OrderRejected rejected) {
            order.status = Status.REJECTED;
            order.reason = rejected.reason();
        } else if (event instanceof AuthorisationRequested) {
            order.status = Status.AWAITING_PAYMENT;
        } else if (event instanceof PaymentAuthorised) {
            order.done.add(Step.AUTHORISED);
        } else if (event instanceof CaptureRequested) {
            order.status = Status.AUTHORISED;
        } else if (event instanceof PaymentCaptured) {
            order.done.add(Step.CAPTURED);
        } else if (event instanceof StockCommitRequested) {
            order.status = Status.CAPTURED;
        } else if (event instanceof StockCommitted) {
            order.done.remove(Step.RESERVED);
            order.done.add(Step.COMMITTED);
        } else if (event instanceof ShipmentRequested) {
            order.status = Status.SHIPMENT_REQUESTED;
        } else if (event instanceof OrderConfirmed) {
            order.status = Status.CONFIRMED;
        } else if (event instanceof OrderShipped shipped) {
            order.status = Status.SHIPPED;
            order.trackingNumber = shipped.trackingNumber();
        } else if (event instanceof CancellationRequested requested) {
            order.cancelRequested = true;
            order.reason = requested.reason();
        } else if (event instanceof OrderCancelling cancelling) {
            order.status = Status.CANCELLING;
            order.reason = cancelling.reason();
        } else if (event instanceof StockReleaseRequested) {
            order.pending.add(Undo.RELEASE_STOCK);
        } else if (event instanceof StockReturnRequested) {
            order.pending.add(Undo.RETURN_STOCK);
        } else if (event instanceof RefundRequested) {
            order.pending.add(Undo.REFUND);
        } else if (event instanceof StockReleased) {
            order.pending.remove(Undo.RELEASE_STOCK);
            order.done.remove(Step.RESERVED);
        } else if (event instanceof StockReturned) {
            order.pending.remove(Undo.RETURN_STOCK);
            order.done.remove(Step.COMMITTED);
        } else if (event instanceof PaymentRefunded) {
            order.pending.remove(Undo.REFUND);
            order.done.remove(Step.CAPTURED);
        } else if (event instanceof OrderCancelled cancelled) {
            order.status = Status.CANCELLED;
            order.reason = cancelled.reason();
        } else if (event instanceof LateAuthorisationReceived) {
            order.lateAuthorisation = LateAuthorisation.VOID_REQUESTED;
        } else if (event instanceof PaymentVoided) {
            order.lateAuthorisation = LateAuthorisation.VOIDED;
        }
        // PaymentDeclined, PaymentTimedOut, DispatchFailed, ShipmentCancelled, ShipmentCancellationRequested
        // and VoidRequested are facts and requests whose consequences come as events of their own.
        return order.build();
    }

    // ------------------------------------------------------------------------------------ decide

    @Override
    public List<OrderEvent> decide(OrderCommand command, Order state) {
        if (command instanceof PlaceOrder place) {
            return place(place, state);
        }
        if (state.status() == Status.NONE) {
            throw new ResourceNotFoundException("no such order");
        }
        String id = state.orderId();
        Status status = state.status();
        List<OrderEvent> events = new ArrayList<>();

        if (command instanceof Cancel cancel) {
            return cancel(cancel, state);
        }
        if (command instanceof RecordReservation reservation) {
            if (status != Status.PLACED) {
                return List.of();
            }
            if (!reservation.reserved()) {
                return List.of(new OrderRejected(id, "out of stock: " + reservation.refusal()));
            }
            events.add(new StockReserved(id));
            if (state.cancelRequested()) {
                return cancelling(events, state, Set.of(Step.RESERVED), state.reason());
            }
            events.add(new AuthorisationRequested(id, state.paymentId(), state.total(), state.customerId(),
                    state.cardNumber()));
            return events;
        }
        if (command instanceof RecordAuthorisation answer) {
            if (status == Status.AWAITING_PAYMENT) {
                if (answer.approved()) {
                    return List.of(new PaymentAuthorised(id, answer.paymentId(), answer.amount()),
                            new CaptureRequested(id, answer.paymentId()));
                }
                events.add(new PaymentDeclined(id, answer.declineReason()));
                return cancelling(events, state, state.done(), "payment declined: " + answer.declineReason());
            }
            boolean gaveUp = status == Status.CANCELLING || status == Status.CANCELLED;
            if (answer.approved() && gaveUp && !state.done().contains(Step.AUTHORISED)
                    && state.lateAuthorisation() == LateAuthorisation.NONE) {
                return List.of(new LateAuthorisationReceived(id, answer.paymentId(), answer.amount()),
                        new VoidRequested(id, answer.paymentId()));
            }
            return List.of();
        }
        if (command instanceof TimeOutPayment timeout) {
            if (status != Status.AWAITING_PAYMENT) {
                return List.of();
            }
            events.add(new PaymentTimedOut(id, timeout.deadline()));
            return cancelling(events, state, state.done(), "no answer from payments by "
                    + DEADLINE.format(timeout.deadline()));
        }
        if (command instanceof RecordCapture capture) {
            if (status != Status.AUTHORISED) {
                return List.of();
            }
            events.add(new PaymentCaptured(id, capture.amount()));
            if (state.cancelRequested()) {
                return cancelling(events, state, with(state.done(), Step.CAPTURED), state.reason());
            }
            events.add(new StockCommitRequested(id));
            return events;
        }
        if (command instanceof RecordStockCommitted) {
            if (status != Status.CAPTURED) {
                return List.of();
            }
            events.add(new StockCommitted(id));
            if (state.cancelRequested()) {
                Set<Step> done = with(state.done(), Step.COMMITTED);
                done.remove(Step.RESERVED);
                return cancelling(events, state, done, state.reason());
            }
            events.add(new ShipmentRequested(id, state.customerId(), state.address(), state.lines()));
            return events;
        }
        if (command instanceof RecordShipmentScheduled) {
            return status == Status.SHIPMENT_REQUESTED && !state.cancelRequested()
                    ? List.of(new OrderConfirmed(id)) : List.of();
        }
        if (command instanceof RecordDispatch dispatch) {
            if (status != Status.SHIPMENT_REQUESTED && status != Status.CONFIRMED) {
                return List.of();
            }
            if (dispatch.dispatched()) {
                // A cancellation asked for meanwhile came too late: the parcel is gone.
                return List.of(new OrderShipped(id, dispatch.trackingNumberOrReason()));
            }
            events.add(new DispatchFailed(id, dispatch.trackingNumberOrReason()));
            return cancelling(events, state, state.done(), "dispatch failed: " + dispatch.trackingNumberOrReason());
        }
        if (command instanceof RecordShipmentCancelled) {
            if ((status != Status.SHIPMENT_REQUESTED && status != Status.CONFIRMED) || !state.cancelRequested()) {
                return List.of();
            }
            events.add(new ShipmentCancelled(id));
            return cancelling(events, state, state.done(), state.reason());
        }
        if (command instanceof RecordStockReleased) {
            return undone(state, Undo.RELEASE_STOCK, new StockReleased(id));
        }
        if (command instanceof RecordStockReturned) {
            return undone(state, Undo.RETURN_STOCK, new StockReturned(id));
        }
        if (command instanceof RecordRefund refund) {
            return undone(state, Undo.REFUND, new PaymentRefunded(id, refund.amount()));
        }
        if (command instanceof RecordVoid) {
            return state.lateAuthorisation() == LateAuthorisation.VOID_REQUESTED
                    ? List.of(new PaymentVoided(id)) : List.of();
        }
        throw new IllegalArgumentException("unknown command: " + command);
    }

    private static List<OrderEvent> place(PlaceOrder place, Order state) {
        if (state.status() != Status.NONE) {
            if (state.customerId().equals(place.customerId()) && state.lines().equals(place.lines())) {
                return List.of(); // placed before: the same order sent again
            }
            throw new CommandRejectedException("order " + state.orderId() + " exists already, with other lines or "
                    + "for another customer");
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Line line : place.lines()) {
            total = total.add(line.amount());
        }
        return List.of(new OrderPlaced(place.orderId(), place.customerId(), place.customerName(), place.lines(),
                total.setScale(2, RoundingMode.UNNECESSARY), place.cardNumber(), place.address(), place.placedAt()));
    }

    private static List<OrderEvent> cancel(Cancel cancel, Order state) {
        String id = state.orderId();
        switch (state.status()) {
            case SHIPPED:
                throw new CommandRejectedException("order " + id + " has shipped (tracking number "
                        + state.trackingNumber() + "); it can no longer be cancelled");
            case REJECTED:
            case CANCELLING:
            case CANCELLED:
                return List.of(); // nothing left to cancel
            default:
                break;
        }
        if (state.cancelRequested()) {
            return List.of();
        }
        String reason = "cancelled by the customer" + (cancel.reason() == null || cancel.reason().isBlank()
                ? "" : ": " + cancel.reason());
        List<OrderEvent> events = new ArrayList<>();
        events.add(new CancellationRequested(id, reason));
        switch (state.status()) {
            case AWAITING_PAYMENT:
                // Nothing is under way but the authorisation; if it comes, it is voided.
                return cancelling(events, state, state.done(), reason);
            case SHIPMENT_REQUESTED:
            case CONFIRMED:
                // Whether the parcel has left is shipping's to say.
                events.add(new ShipmentCancellationRequested(id));
                return events;
            default:
                // A step is under way (reserving, capturing, committing): its outcome decides what to undo.
                return events;
        }
    }

    /** Starts cancelling: a request to undo each step done, and the order cancelled if there is none. */
    private static List<OrderEvent> cancelling(List<OrderEvent> events, Order state, Set<Step> done, String reason) {
        String id = state.orderId();
        events.add(new OrderCancelling(id, reason));
        boolean undoing = false;
        if (done.contains(Step.CAPTURED)) {
            events.add(new RefundRequested(id, state.paymentId()));
            undoing = true;
        }
        if (done.contains(Step.COMMITTED)) {
            events.add(new StockReturnRequested(id));
            undoing = true;
        } else if (done.contains(Step.RESERVED)) {
            events.add(new StockReleaseRequested(id));
            undoing = true;
        }
        if (!undoing) {
            events.add(new OrderCancelled(id, reason));
        }
        return events;
    }

    /** Records an undoing confirmed; the last one cancels the order. */
    private static List<OrderEvent> undone(Order state, Undo undo, OrderEvent confirmation) {
        if (state.status() != Status.CANCELLING || !state.pending().contains(undo)) {
            return List.of();
        }
        if (state.pending().size() == 1) {
            return List.of(confirmation, new OrderCancelled(state.orderId(), state.reason()));
        }
        return List.of(confirmation);
    }

    private static Set<Step> with(Set<Step> steps, Step step) {
        Set<Step> copy = steps.isEmpty() ? EnumSet.noneOf(Step.class) : EnumSet.copyOf(steps);
        copy.add(step);
        return copy;
    }

    /** The state under construction while one event is folded. */
    private static final class Draft {
        private final Order base;
        Status status;
        final Set<Step> done;
        final Set<Undo> pending;
        boolean cancelRequested;
        String reason;
        String trackingNumber;
        LateAuthorisation lateAuthorisation;

        Draft(Order base) {
            this.base = base;
            this.status = base.status();
            this.done = base.done().isEmpty() ? EnumSet.noneOf(Step.class) : EnumSet.copyOf(base.done());
            this.pending = base.pending().isEmpty() ? EnumSet.noneOf(Undo.class) : EnumSet.copyOf(base.pending());
            this.cancelRequested = base.cancelRequested();
            this.reason = base.reason();
            this.trackingNumber = base.trackingNumber();
            this.lateAuthorisation = base.lateAuthorisation();
        }

        Order build() {
            return new Order(base.orderId(), base.customerId(), base.customerName(), base.lines(), base.total(),
                    base.cardNumber(), base.address(), base.placedAt(), status, done, pending, cancelRequested, reason,
                    trackingNumber, lateAuthorisation);
        }
    }
}
