package dev.eventstore.examples.shop.payments;

import dev.eventstore.http.ResourceNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.examples.shop.payments.Payment.Status;
import dev.eventstore.examples.shop.payments.PaymentCommand.Capture;
import dev.eventstore.examples.shop.payments.PaymentCommand.RecordGatewayAnswer;
import dev.eventstore.examples.shop.payments.PaymentCommand.Refund;
import dev.eventstore.examples.shop.payments.PaymentCommand.RequestAuthorisation;
import dev.eventstore.examples.shop.payments.PaymentCommand.Void;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentCaptured;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentDeclined;
import dev.eventstore.examples.shop.payments.PaymentEvent.PaymentRefunded;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A payment's rules alone: money moves at most once each way. */
class PaymentDeciderTest {

    private static final BigDecimal AMOUNT = new BigDecimal("42.50");
    private static final RequestAuthorisation REQUEST = new RequestAuthorisation("p1", "o1", AMOUNT, "4111111111111111");
    private final PaymentDecider decider = new PaymentDecider();

    private Payment run(Payment state, PaymentCommand command) {
        return decider.fold(state, decider.decide(command, state));
    }

    private Payment authorised() {
        return run(run(Payment.NONE, REQUEST), new RecordGatewayAnswer(true, "AUTH-1"));
    }

    @Test
    void anAuthorisedPaymentIsCapturedOnceAndRefundedOnce() {
        Payment captured = run(authorised(), new Capture());
        assertThat(captured.status()).isEqualTo(Status.CAPTURED);
        assertThat(captured.captured()).isEqualTo(AMOUNT);
        assertThat(decider.decide(new Capture(), captured)).as("captured again").isEmpty();
        assertThat(decider.decide(new Refund(), captured)).containsExactly(new PaymentRefunded("p1", "o1", AMOUNT));
        Payment refunded = run(captured, new Refund());
        assertThat(refunded.refunded()).isEqualTo(AMOUNT);
        assertThat(decider.decide(new Refund(), refunded)).as("refunded again").isEmpty();
        assertThat(decider.decide(new Capture(), refunded)).as("a refunded payment is never captured again")
                .isEmpty();
    }

    @Test
    void nothingIsTakenBeforeTheGatewayAnswersOrAfterItDeclines() {
        Payment pending = run(Payment.NONE, REQUEST);
        assertThat(pending.status()).isEqualTo(Status.PENDING);
        assertThatThrownBy(() -> decider.decide(new Capture(), pending)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("payment p1 is not authorised yet: the gateway has not answered");
        assertThatThrownBy(() -> decider.decide(new Void(), pending)).isInstanceOf(CommandRejectedException.class);
        assertThat(decider.decide(new RecordGatewayAnswer(false, "insufficient funds"), pending))
                .containsExactly(new PaymentDeclined("p1", "o1", "insufficient funds"));
        Payment declined = run(pending, new RecordGatewayAnswer(false, "insufficient funds"));
        assertThatThrownBy(() -> decider.decide(new Capture(), declined)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("payment p1 is DECLINED and cannot be captured");
        assertThat(decider.decide(new RecordGatewayAnswer(true, "late"), declined)).as("a second answer").isEmpty();
    }

    @Test
    void aHoldIsVoidedInsteadOfCapturedAndThenNothingCanBeTaken() {
        Payment voided = run(authorised(), new Void());
        assertThat(voided.status()).isEqualTo(Status.VOIDED);
        assertThat(voided.captured()).isZero();
        assertThat(decider.decide(new Void(), voided)).isEmpty();
        assertThatThrownBy(() -> decider.decide(new Capture(), voided)).isInstanceOf(CommandRejectedException.class);
        assertThatThrownBy(() -> decider.decide(new Void(), run(authorised(), new Capture())))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("refund a captured one");
    }

    @Test
    void aPaymentIsAskedForOnceWithTheSameDetails() {
        Payment pending = run(Payment.NONE, REQUEST);
        assertThat(decider.decide(REQUEST, pending)).as("asked again").isEmpty();
        assertThatThrownBy(() -> decider.decide(new RequestAuthorisation("p1", "o1", BigDecimal.TEN,
                "4111111111111111"), pending)).isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("cannot be asked for again with other details");
        assertThatThrownBy(() -> decider.decide(new Capture(), Payment.NONE)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(decider.decide(new Capture(), authorised()))
                .containsExactly(new PaymentCaptured("p1", "o1", AMOUNT));
    }
}
