package dev.eventstore.examples.shop.payments;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.payments.Payment.Status;
import dev.eventstore.examples.shop.payments.PaymentCommand.Capture;
import dev.eventstore.examples.shop.payments.PaymentCommand.RecordGatewayAnswer;
import dev.eventstore.examples.shop.payments.PaymentCommand.Refund;
import dev.eventstore.examples.shop.payments.PaymentCommand.RequestAuthorisation;
import dev.eventstore.examples.shop.payments.PaymentCommand.Void;
import dev.eventstore.examples.shop.payments.PaymentEvent.AuthorisationRequested;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentAuthorised;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentCaptured;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentDeclined;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentRefunded;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentVoided;
import java.math.BigDecimal;
import java.util.List;

/**
 * A payment's rules. Money moves at most once each way: a payment is captured once and refunded
 * once, whatever is asked how often. Asking again for a step already taken changes nothing (a saga
 * repeating itself), a step that no longer fits is refused with the reason.
 */
public final class PaymentDecider implements Decider<PaymentCommand, Payment, PaymentEvent> {

    @Override
    public Payment initialState() {
        return Payment.NONE;
    }

    @Override
    public Payment evolve(Payment state, PaymentEvent event) {
        if (event instanceof AuthorisationRequested requested) {
            return new Payment(requested.paymentId(), requested.orderId(), requested.amount(), requested.cardNumber(),
                    Status.PENDING, null, null, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        if (event instanceof PaymentAuthorised authorised) {
            return new Payment(state.paymentId(), state.orderId(), state.amount(), state.cardNumber(),
                    Status.AUTHORISED, authorised.authorisationCode(), null, state.captured(), state.refunded());
        }
        if (event instanceof PaymentDeclined declined) {
            return new Payment(state.paymentId(), state.orderId(), state.amount(), state.cardNumber(), Status.DECLINED,
                    null, declined.reason(), state.captured(), state.refunded());
        }
        if (event instanceof PaymentCaptured captured) {
            return new Payment(state.paymentId(), state.orderId(), state.amount(), state.cardNumber(), Status.CAPTURED,
                    state.authorisationCode(), null, captured.amount(), state.refunded());
        }
        if (event instanceof PaymentRefunded refunded) {
            return new Payment(state.paymentId(), state.orderId(), state.amount(), state.cardNumber(), Status.REFUNDED,
                    state.authorisationCode(), null, state.captured(), refunded.amount());
        }
        if (event instanceof PaymentVoided) {
            return state.with(Status.VOIDED);
        }
        return state;
    }

    @Override
    public List<PaymentEvent> decide(PaymentCommand command, Payment state) {
        if (command instanceof RequestAuthorisation request) {
            if (state.status() == Status.NONE) {
                return List.of(new AuthorisationRequested(request.paymentId(), request.orderId(), request.amount(),
                        request.cardNumber()));
            }
            if (!state.orderId().equals(request.orderId()) || state.amount().compareTo(request.amount()) != 0
                    || !state.cardNumber().equals(request.cardNumber())) {
                throw new CommandRejectedException("payment " + state.paymentId() + " was asked for before, for order "
                        + state.orderId() + " and " + state.amount() + " on the card ending " + state.cardLast4()
                        + "; it cannot be asked for again with other details");
            }
            return List.of();
        }
        if (state.status() == Status.NONE) {
            throw new ResourceNotFoundException("no such payment");
        }
        String payment = "payment " + state.paymentId();
        if (command instanceof RecordGatewayAnswer answer) {
            if (state.status() != Status.PENDING) {
                return List.of(); // answered before: a gateway repeating itself
            }
            return List.of(answer.approved()
                    ? new PaymentAuthorised(state.paymentId(), state.orderId(), state.amount(), answer.codeOrReason())
                    : new PaymentDeclined(state.paymentId(), state.orderId(), answer.codeOrReason()));
        }
        if (command instanceof Capture) {
            switch (state.status()) {
                case AUTHORISED:
                    return List.of(new PaymentCaptured(state.paymentId(), state.orderId(), state.amount()));
                case CAPTURED:
                case REFUNDED:
                    return List.of();
                case PENDING:
                    throw new CommandRejectedException(payment + " is not authorised yet: the gateway has not answered");
                default:
                    throw new CommandRejectedException(payment + " is " + state.status() + " and cannot be captured");
            }
        }
        if (command instanceof Refund) {
            switch (state.status()) {
                case CAPTURED:
                    return List.of(new PaymentRefunded(state.paymentId(), state.orderId(), state.captured()));
                case REFUNDED:
                    return List.of();
                default:
                    throw new CommandRejectedException(payment + " is " + state.status()
                            + ": only a captured payment can be refunded");
            }
        }
        if (command instanceof Void) {
            switch (state.status()) {
                case AUTHORISED:
                    return List.of(new PaymentVoided(state.paymentId(), state.orderId(), state.amount()));
                case VOIDED:
                    return List.of();
                case PENDING:
                    throw new CommandRejectedException(payment + " is not authorised yet: there is no hold to void");
                default:
                    throw new CommandRejectedException(payment + " is " + state.status()
                            + ": only an authorised payment can be voided (refund a captured one)");
            }
        }
        throw new IllegalArgumentException("unknown command: " + command);
    }
}
