package dev.eventstore.examples.shop.orders;

import dev.eventstore.http.ResourceNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.examples.shop.orders.Order.LateAuthorisation;
import dev.eventstore.examples.shop.orders.Order.Status;
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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkout's logic alone: every path through the saga, and every compensation, without a store. */
class OrderDeciderTest {

    private static final String ID = "o1";
    private static final String CUSTOMER = "c-ada";
    private static final BigDecimal TOTAL = new BigDecimal("23.50");
    private static final Instant DUE = Instant.parse("2026-11-30T12:00:30Z");
    private static final List<Line> LINES = List.of(new Line("MUG", "Mug", 2, new BigDecimal("8.00")),
            new Line("TEA", "Tea", 1, new BigDecimal("7.50")));

    private final OrderDecider decider = new OrderDecider();

    /** Decides a command on a state and folds what it decided. */
    private Order run(Order state, OrderCommand command) {
        return decider.fold(state, decider.decide(command, state));
    }

    private Order placed() {
        return run(Order.NONE, new PlaceOrder(ID, "c-ada", "Ada", LINES, "4111111111111111", "12 Main St",
                Instant.parse("2026-11-30T12:00:00Z")));
    }

    private Order awaitingPayment() {
        return run(placed(), new RecordReservation(true, null));
    }

    private Order authorised() {
        return run(awaitingPayment(), new RecordAuthorisation(true, ID, TOTAL, null));
    }

    private Order captured() {
        return run(authorised(), new RecordCapture(TOTAL));
    }

    private Order shipmentRequested() {
        return run(captured(), new RecordStockCommitted());
    }

    private Order confirmed() {
        return run(shipmentRequested(), new RecordShipmentScheduled());
    }

    @Test
    void theHappyPathAsksForOneStepAfterTheOther() {
        Order placed = placed();
        assertThat(placed.status()).isEqualTo(Status.PLACED);
        assertThat(placed.total()).isEqualTo("23.50");
        assertThat(decider.decide(new RecordReservation(true, null), placed))
                .containsExactly(new StockReserved(ID), new AuthorisationRequested(ID, ID, TOTAL, CUSTOMER,
                        "4111111111111111"));
        assertThat(decider.decide(new RecordAuthorisation(true, ID, TOTAL, null), awaitingPayment()))
                .containsExactly(new PaymentAuthorised(ID, ID, TOTAL), new CaptureRequested(ID, ID));
        assertThat(decider.decide(new RecordCapture(TOTAL), authorised()))
                .containsExactly(new PaymentCaptured(ID, TOTAL), new StockCommitRequested(ID));
        assertThat(decider.decide(new RecordStockCommitted(), captured()))
                .containsExactly(new StockCommitted(ID), new ShipmentRequested(ID, CUSTOMER, "12 Main St", LINES));
        assertThat(decider.decide(new RecordShipmentScheduled(), shipmentRequested()))
                .containsExactly(new OrderConfirmed(ID));
        assertThat(decider.decide(new RecordDispatch(true, "TRK-1"), confirmed()))
                .containsExactly(new OrderShipped(ID, "TRK-1"));
        Order shipped = run(confirmed(), new RecordDispatch(true, "TRK-1"));
        assertThat(shipped.status()).isEqualTo(Status.SHIPPED);
        assertThat(shipped.settled()).isTrue();
    }

    @Test
    void everyOutcomeRecordedTwiceChangesNothingTheSecondTime() {
        assertThat(decider.decide(new RecordReservation(true, null), awaitingPayment())).isEmpty();
        assertThat(decider.decide(new RecordAuthorisation(true, ID, TOTAL, null), authorised())).isEmpty();
        assertThat(decider.decide(new RecordCapture(TOTAL), captured())).isEmpty();
        assertThat(decider.decide(new RecordStockCommitted(), shipmentRequested())).isEmpty();
        assertThat(decider.decide(new RecordShipmentScheduled(), confirmed())).isEmpty();
        assertThat(decider.decide(new TimeOutPayment(DUE), authorised())).as("a deadline after the answer").isEmpty();
        assertThat(decider.decide(new PlaceOrder(ID, "c-ada", "Ada", LINES, "4111111111111111", "12 Main St",
                Instant.now()), placed())).as("the same order placed again").isEmpty();
        assertThatThrownBy(() -> decider.decide(new PlaceOrder(ID, "c-bob", "Bob", LINES, "4111111111111111", "x",
                Instant.now()), placed())).isInstanceOf(CommandRejectedException.class)
                .hasMessage("order o1 exists already, with other lines or for another customer");
    }

    @Test
    void outOfStockRejectsTheOrderAndChargesNothing() {
        List<OrderEvent> events = decider.decide(new RecordReservation(false, "LAMP: 2 asked, 1 on hand"), placed());
        assertThat(events).containsExactly(new OrderRejected(ID, "out of stock: LAMP: 2 asked, 1 on hand"));
        assertThat(events).noneMatch(e -> e instanceof AuthorisationRequested);
        assertThat(run(placed(), new RecordReservation(false, "x")).status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void aDeclinedCardReleasesTheReservationAndCancels() {
        List<OrderEvent> events = decider.decide(new RecordAuthorisation(false, ID, null, "insufficient funds"),
                awaitingPayment());
        assertThat(events).containsExactly(new PaymentDeclined(ID, "insufficient funds"),
                new OrderCancelling(ID, "payment declined: insufficient funds"), new StockReleaseRequested(ID));
        Order cancelling = run(awaitingPayment(), new RecordAuthorisation(false, ID, null, "insufficient funds"));
        assertThat(cancelling.status()).isEqualTo(Status.CANCELLING);
        assertThat(decider.decide(new RecordStockReleased(), cancelling)).containsExactly(new StockReleased(ID),
                new OrderCancelled(ID, "payment declined: insufficient funds"));
        Order cancelled = run(cancelling, new RecordStockReleased());
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(decider.decide(new RecordStockReleased(), cancelled)).isEmpty();
    }

    @Test
    void noAnswerBeforeTheDeadlineReleasesAndCancelsAndALateAuthorisationIsVoided() {
        assertThat(decider.decide(new TimeOutPayment(DUE), awaitingPayment())).containsExactly(
                new PaymentTimedOut(ID, DUE), new OrderCancelling(ID, "no answer from payments by 12:00:30.000 UTC"),
                new StockReleaseRequested(ID));
        Order cancelled = run(run(awaitingPayment(), new TimeOutPayment(DUE)), new RecordStockReleased());
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.settled()).isTrue();

        assertThat(decider.decide(new RecordAuthorisation(true, ID, TOTAL, null), cancelled))
                .containsExactly(new LateAuthorisationReceived(ID, ID, TOTAL), new VoidRequested(ID, ID));
        Order voiding = run(cancelled, new RecordAuthorisation(true, ID, TOTAL, null));
        assertThat(voiding.status()).isEqualTo(Status.CANCELLED);
        assertThat(voiding.settled()).as("a hold is still to be released").isFalse();
        assertThat(decider.decide(new RecordAuthorisation(true, ID, TOTAL, null), voiding)).isEmpty();
        assertThat(decider.decide(new RecordCapture(TOTAL), voiding)).as("never captured").isEmpty();
        Order voided = run(voiding, new RecordVoid());
        assertThat(voided.lateAuthorisation()).isEqualTo(LateAuthorisation.VOIDED);
        assertThat(voided.settled()).isTrue();
        assertThat(decider.decide(new RecordVoid(), voided)).isEmpty();
        assertThat(decider.decide(new RecordVoid(), awaitingPayment())).isEmpty();
    }

    @Test
    void aFailedDispatchRefundsAndPutsTheStockBack() {
        List<OrderEvent> events = decider.decide(new RecordDispatch(false, "no such address"), confirmed());
        assertThat(events).containsExactly(new DispatchFailed(ID, "no such address"),
                new OrderCancelling(ID, "dispatch failed: no such address"), new RefundRequested(ID, ID),
                new StockReturnRequested(ID));
        Order cancelling = run(confirmed(), new RecordDispatch(false, "no such address"));
        Order refunded = run(cancelling, new RecordRefund(TOTAL));
        assertThat(refunded.status()).as("the stock is not back yet").isEqualTo(Status.CANCELLING);
        assertThat(decider.decide(new RecordRefund(TOTAL), refunded)).as("refunded again").isEmpty();
        assertThat(decider.decide(new RecordStockReleased(), refunded)).as("nothing was reserved any more").isEmpty();
        assertThat(decider.decide(new RecordStockReturned(), refunded)).containsExactly(new StockReturned(ID),
                new OrderCancelled(ID, "dispatch failed: no such address"));
        assertThat(decider.decide(new RecordDispatch(false, "again"), cancelling)).isEmpty();
        assertThat(run(cancelling, new RecordStockReturned()).pending()).containsExactly(Order.Undo.REFUND);
        assertThat(run(refunded, new RecordStockReturned()).status()).isEqualTo(Status.CANCELLED);
    }

    @Test
    void theCustomerCancellingWhileThePaymentIsAwaitedReleasesAtOnce() {
        assertThat(decider.decide(new Cancel("changed my mind"), awaitingPayment())).containsExactly(
                new CancellationRequested(ID, "cancelled by the customer: changed my mind"),
                new OrderCancelling(ID, "cancelled by the customer: changed my mind"), new StockReleaseRequested(ID));
    }

    @Test
    void theCustomerCancellingDuringAStepUndoesItOnceItIsDone() {
        Order asked = run(placed(), new Cancel(null));
        assertThat(asked.status()).isEqualTo(Status.PLACED);
        assertThat(decider.decide(new RecordReservation(true, null), asked)).containsExactly(new StockReserved(ID),
                new OrderCancelling(ID, "cancelled by the customer"), new StockReleaseRequested(ID));
        assertThat(decider.decide(new RecordReservation(false, "none"), asked)).singleElement()
                .isInstanceOf(OrderRejected.class);

        Order capturing = run(authorised(), new Cancel(null));
        assertThat(decider.decide(new RecordCapture(TOTAL), capturing)).containsExactly(
                new PaymentCaptured(ID, TOTAL), new OrderCancelling(ID, "cancelled by the customer"),
                new RefundRequested(ID, ID), new StockReleaseRequested(ID));

        Order committing = run(captured(), new Cancel(null));
        assertThat(decider.decide(new RecordStockCommitted(), committing)).containsExactly(new StockCommitted(ID),
                new OrderCancelling(ID, "cancelled by the customer"), new RefundRequested(ID, ID),
                new StockReturnRequested(ID));
    }

    @Test
    void theCustomerCancellingBeforeDispatchAsksShippingFirst() {
        Order asked = run(confirmed(), new Cancel("too slow"));
        assertThat(decider.decide(new Cancel("too slow"), confirmed())).containsExactly(
                new CancellationRequested(ID, "cancelled by the customer: too slow"),
                new ShipmentCancellationRequested(ID));
        assertThat(decider.decide(new Cancel("again"), asked)).as("asked twice").isEmpty();
        assertThat(decider.decide(new RecordShipmentCancelled(), asked)).containsExactly(new ShipmentCancelled(ID),
                new OrderCancelling(ID, "cancelled by the customer: too slow"), new RefundRequested(ID, ID),
                new StockReturnRequested(ID));
        assertThat(decider.decide(new RecordShipmentCancelled(), confirmed())).as("not asked for").isEmpty();

        Order tooLate = run(asked, new RecordDispatch(true, "TRK-9"));
        assertThat(tooLate.status()).as("the parcel left before shipping saw the cancellation")
                .isEqualTo(Status.SHIPPED);
        assertThatThrownBy(() -> decider.decide(new Cancel(null), tooLate))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("order o1 has shipped (tracking number TRK-9); it can no longer be cancelled");
        assertThat(decider.decide(new RecordShipmentScheduled(), run(shipmentRequested(), new Cancel(null))))
                .as("not confirmed once cancelling").isEmpty();
    }

    @Test
    void nothingHappensToAnOrderNeverPlaced() {
        assertThatThrownBy(() -> decider.decide(new Cancel(null), Order.NONE)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(decider.decide(new Cancel(null), run(placed(), new RecordReservation(false, "x"))))
                .as("a rejected order has nothing to cancel").isEmpty();
    }
}
