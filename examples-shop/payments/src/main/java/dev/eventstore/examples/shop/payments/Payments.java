package dev.eventstore.examples.shop.payments;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventStore;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.shop.payments.PaymentCommand.Capture;
import dev.eventstore.examples.shop.payments.PaymentCommand.RecordGatewayAnswer;
import dev.eventstore.examples.shop.payments.PaymentCommand.Refund;
import dev.eventstore.examples.shop.payments.PaymentCommand.RequestAuthorisation;
import dev.eventstore.examples.shop.payments.PaymentCommand.Void;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payments service's use cases over its own store: authorise (answered later by the gateway),
 * capture, refund and void, each idempotent by command id and by state; and the payments and their
 * totals for the books.
 */
public final class Payments implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Payments.class);
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000.00");

    /** The registry of the service's internal events. */
    public static final EventTypes TYPES = EventTypes.builder().registerSealed(PaymentEvent.class).build();

    /** The most characters of a payment's or an order's id. */
    static final int ID_LENGTH = 60;

    private final EventStore store;
    private final SimulatedGateway gateway;
    private final CommandHandler<PaymentCommand, Payment, PaymentEvent> payments;
    private volatile boolean closed;

    /**
     * @param store the service's own store
     * @param gateway the card gateway; closed with this
     */
    public Payments(EventStore store, SimulatedGateway gateway) {
        this.store = store;
        this.gateway = gateway;
        this.payments = CommandHandler.builder(store, TYPES, new PaymentDecider(), PaymentEvent.class).maxRetries(10)
                .build();
    }

    /**
     * Asks the gateway again for every payment still waiting for its answer: what was asked before a
     * restart is answered after it.
     *
     * @return how many payments were waiting
     */
    public int resumePending() {
        int pending = 0;
        for (Payment payment : payments()) {
            if (payment.status() == Payment.Status.PENDING) {
                submit(payment);
                pending++;
            }
        }
        if (pending > 0) {
            LOG.info("Asked the gateway again for {} payments still waiting for an answer", pending);
        }
        return pending;
    }

    /** @return the stream of a payment */
    public static String stream(String paymentId) {
        return "payment-" + paymentId;
    }

    /**
     * Asks for an amount to be held on a card. The gateway answers later; the answer is published as
     * {@code PaymentAuthorised} or {@code PaymentDeclined}.
     *
     * @param commandId the idempotency key
     * @param paymentId the payment
     * @param orderId the order
     * @param amount above zero, at most two decimals
     * @param cardNumber 12 to 19 digits; spaces and dashes are ignored
     * @return the payment, and whether the command id was handled before
     * @throws InvalidFieldException naming a bad argument
     * @throws dev.eventstore.aggregate.CommandRejectedException if the payment was asked for before with
     *     other details
     */
    public Result authorise(String commandId, String paymentId, String orderId, BigDecimal amount, String cardNumber) {
        Fields.id("paymentId", paymentId, ID_LENGTH);
        Fields.id("orderId", orderId, ID_LENGTH);
        BigDecimal checkedAmount = checkAmount(amount);
        String card = checkCard(cardNumber);
        Result result = handle(commandId, paymentId,
                new RequestAuthorisation(paymentId, orderId, checkedAmount, card));
        if (result.payment().status() == Payment.Status.PENDING) {
            submit(result.payment());
        }
        return result;
    }

    /**
     * Takes the held amount, once.
     *
     * @param commandId the idempotency key
     * @param paymentId the payment
     * @return the payment, and whether the command id was handled before
     * @throws ResourceNotFoundException if there is no such payment
     * @throws dev.eventstore.aggregate.CommandRejectedException if it is not authorised
     */
    public Result capture(String commandId, String paymentId) {
        return handle(commandId, paymentId, new Capture());
    }

    /**
     * Pays the taken amount back, once.
     *
     * @param commandId the idempotency key
     * @param paymentId the payment
     * @return the payment, and whether the command id was handled before
     * @throws ResourceNotFoundException if there is no such payment
     * @throws dev.eventstore.aggregate.CommandRejectedException if nothing was captured
     */
    public Result refund(String commandId, String paymentId) {
        return handle(commandId, paymentId, new Refund());
    }

    /**
     * Releases the hold without taking anything.
     *
     * @param commandId the idempotency key
     * @param paymentId the payment
     * @return the payment, and whether the command id was handled before
     * @throws ResourceNotFoundException if there is no such payment
     * @throws dev.eventstore.aggregate.CommandRejectedException if it is not authorised
     */
    public Result voidPayment(String commandId, String paymentId) {
        return handle(commandId, paymentId, new Void());
    }

    private Result handle(String commandId, String paymentId, PaymentCommand command) {
        Fields.id("paymentId", paymentId, ID_LENGTH);
        try {
            CommandResult<Payment, PaymentEvent> result = payments.handle(stream(paymentId), command,
                    EventMetadata.forCommand(commandId));
            return new Result(result.state(), result.alreadyHandled());
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("no payment " + paymentId);
        }
    }

    private void submit(Payment payment) {
        gateway.authorise(payment.paymentId(), payment.cardNumber(), answer -> record(payment.paymentId(), answer, 1));
    }

    private void record(String paymentId, SimulatedGateway.Answer answer, int attempt) {
        if (closed) {
            return;
        }
        try {
            payments.handle(stream(paymentId), new RecordGatewayAnswer(answer.approved(), answer.codeOrReason()),
                    EventMetadata.forCommand("gateway-answer-" + paymentId));
        } catch (RuntimeException e) {
            // The store is down for a moment: keep the answer and try again, as a gateway's callback would.
            Duration wait = Duration.ofMillis(Math.min(5_000, 100L << Math.min(attempt, 6)));
            LOG.warn("Cannot record the gateway's answer for payment {} (attempt {}); retrying in {} ms", paymentId,
                    attempt, wait.toMillis(), e);
            gateway.later(() -> record(paymentId, answer, attempt + 1), wait);
        }
    }

    // ------------------------------------------------------------------------------------ queries

    /**
     * @param paymentId the payment
     * @return its state
     * @throws ResourceNotFoundException if there is no such payment
     */
    public Payment payment(String paymentId) {
        Fields.id("paymentId", paymentId, ID_LENGTH);
        Payment payment = payments.load(stream(paymentId)).state();
        if (payment.status() == Payment.Status.NONE) {
            throw new ResourceNotFoundException("no payment " + paymentId);
        }
        return payment;
    }

    /** @return every payment, oldest first */
    public List<Payment> payments() {
        return payments.loadCategory("payment").stream().map(AggregateState::state).toList();
    }

    /** @return the money that moved, over every payment */
    public Totals totals() {
        BigDecimal captured = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        Map<Payment.Status, Integer> counts = new LinkedHashMap<>();
        for (Payment payment : payments()) {
            captured = captured.add(payment.captured());
            refunded = refunded.add(payment.refunded());
            counts.merge(payment.status(), 1, Integer::sum);
        }
        return new Totals(captured, refunded, counts);
    }

    /** Stops the gateway; answers still to come are asked for again at the next start. */
    @Override
    public void close() {
        closed = true;
        gateway.close();
    }

    // ------------------------------------------------------------------------------------ checks

    static BigDecimal checkAmount(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0
                || amount.stripTrailingZeros().scale() > 2) {
            throw new InvalidFieldException("amount", "amount must be above 0 and at most " + MAX_AMOUNT
                    + ", with at most two decimals, was: " + (amount == null ? "null" : amount.toPlainString()));
        }
        return amount.setScale(2);
    }

    static String checkCard(String cardNumber) {
        String digits = cardNumber == null ? null : cardNumber.replaceAll("[ -]", "");
        if (digits == null || !digits.matches("[0-9]{12,19}")) {
            throw new InvalidFieldException("cardNumber", "cardNumber must be 12 to 19 digits, was: "
                    + (cardNumber == null ? "null" : "'" + cardNumber + "'"));
        }
        return digits;
    }

    /**
     * What a payment command left behind.
     *
     * @param payment the payment after the command
     * @param alreadyHandled true if the command id had been handled before and nothing was booked now
     */
    public record Result(Payment payment, boolean alreadyHandled) {
    }

    /**
     * The money that moved.
     *
     * @param captured taken from cards, in all
     * @param refunded paid back, in all
     * @param byStatus how many payments are in each status
     */
    public record Totals(BigDecimal captured, BigDecimal refunded, Map<Payment.Status, Integer> byStatus) {
    }
}
