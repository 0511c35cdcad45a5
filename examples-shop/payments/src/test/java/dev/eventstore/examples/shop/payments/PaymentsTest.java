package dev.eventstore.examples.shop.payments;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.InvalidFieldException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.examples.shop.payments.Payment.Status;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The payments use cases with the simulated gateway, on the in-memory store. */
class PaymentsTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private Payments payments = new Payments(store, new SimulatedGateway(Duration.ZERO, Duration.ofMillis(300)));

    @AfterEach
    void close() {
        payments.close();
    }

    @Test
    void theGatewayAnswersByCardNumber() throws Exception {
        payments.authorise("c1", "p1", "o1", new BigDecimal("10"), "4111 1111 1111 1111");
        payments.authorise("c2", "p2", "o2", new BigDecimal("10"), SimulatedGateway.DECLINED_CARD);
        payments.authorise("c3", "p3", "o3", new BigDecimal("10"), SimulatedGateway.SLOW_CARD);
        payments.authorise("c4", "p4", "o4", new BigDecimal("10"), SimulatedGateway.SILENT_CARD);
        await(() -> payments.payment("p1").status() == Status.AUTHORISED);
        await(() -> payments.payment("p2").status() == Status.DECLINED);
        assertThat(payments.payment("p3").status()).as("the slow card, before its delay").isEqualTo(Status.PENDING);
        await(() -> payments.payment("p3").status() == Status.AUTHORISED);
        assertThat(payments.payment("p4").status()).isEqualTo(Status.PENDING);
        assertThat(payments.payment("p1").amount()).isEqualTo("10.00");
        assertThat(payments.payment("p1").cardLast4()).isEqualTo("1111");
    }

    @Test
    void theTestCardsAPageNamesBehaveAsItSays() throws Exception {
        SimulatedGateway gateway = new SimulatedGateway(Duration.ZERO, Duration.ofMillis(300));
        assertThat(gateway.testCards()).extracting(SimulatedGateway.TestCard::outcome)
                .containsExactly("approved", "declined", "never answers", "slow");
        int n = 0;
        for (SimulatedGateway.TestCard card : gateway.testCards()) {
            assertThat(card.number()).matches("[0-9]{4}( [0-9]{4}){3}");
            n++;
            payments.authorise("card-" + n, "p" + n, "o" + n, new BigDecimal("10"), card.number());
        }
        await(() -> payments.payment("p1").status() == Status.AUTHORISED);
        await(() -> payments.payment("p2").status() == Status.DECLINED);
        assertThat(payments.payment("p2").declineReason()).isEqualTo("insufficient funds");
        assertThat(gateway.testCards().get(1).description()).endsWith("insufficient funds");
        assertThat(payments.payment("p4").status()).as("slow: not yet").isEqualTo(Status.PENDING);
        await(() -> payments.payment("p4").status() == Status.AUTHORISED);
        assertThat(payments.payment("p3").status()).as("never answers").isEqualTo(Status.PENDING);
        assertThat(gateway.testCards().get(3).description()).isEqualTo("authorised, but only after 300 ms");
    }

    @Test
    void aRestartAsksTheGatewayAgainForWhatIsStillWaiting() throws Exception {
        payments.close();
        payments = new Payments(store, new SimulatedGateway(Duration.ofHours(1), Duration.ofHours(1)));
        payments.authorise("c1", "p1", "o1", new BigDecimal("10"), "4111111111111111");
        payments.close(); // killed before the gateway answered
        payments = new Payments(store, new SimulatedGateway(Duration.ZERO, Duration.ZERO));
        assertThat(payments.resumePending()).isEqualTo(1);
        await(() -> payments.payment("p1").status() == Status.AUTHORISED);
    }

    @Test
    void aCaptureSentAgainChargesOnce() throws Exception {
        payments.authorise("c1", "p1", "o1", new BigDecimal("25.00"), "4111111111111111");
        await(() -> payments.payment("p1").status() == Status.AUTHORISED);
        assertThat(payments.capture("cap-1", "p1").alreadyHandled()).isFalse();
        assertThat(payments.capture("cap-1", "p1").alreadyHandled()).isTrue();
        assertThat(payments.capture("cap-2", "p1").payment().captured()).as("another id, same state").isEqualTo("25.00");
        assertThat(payments.totals().captured()).isEqualTo("25.00");
        assertThat(store.readStream(Payments.stream("p1")).filter(e -> e.type().equals("PaymentCaptured")).count())
                .isEqualTo(1);
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> payments.authorise("c1", "p1", "o1", new BigDecimal("1.005"), "4111111111111111"))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("amount ")
                .hasMessageEndingWith("was: 1.005");
        assertThatThrownBy(() -> payments.authorise("c1", "p1", "o1", BigDecimal.ONE, "4111-abc"))
                .isInstanceOf(InvalidFieldException.class).hasMessage("cardNumber must be 12 to 19 digits, was: '4111-abc'");
        assertThatThrownBy(() -> payments.capture("c1", "nope")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("no payment nope");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
