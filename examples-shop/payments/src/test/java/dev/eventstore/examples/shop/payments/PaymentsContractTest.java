package dev.eventstore.examples.shop.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventMetadata;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the payments service publishes has exactly the shapes of its published examples. */
class PaymentsContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() {
        BigDecimal amount = new BigDecimal("42.50");
        List<PaymentEvent> internal = List.of(
                new PaymentEvent.PaymentAuthorised("p", "o", amount, "AUTH-1"),
                new PaymentEvent.PaymentDeclined("p", "o", "insufficient funds"),
                new PaymentEvent.PaymentCaptured("p", "o", amount),
                new PaymentEvent.PaymentRefunded("p", "o", amount),
                new PaymentEvent.PaymentVoided("p", "o", amount));

        ContractExamples.in(Path.of("src/main/contract")).assertPublishes(PaymentsContract.SOURCE, internal.stream()
                .map(event -> PaymentsContract.TYPES.encode(PaymentsContract.toPublic(event).orElseThrow(),
                        EventMetadata.empty()))
                .toList());
        assertThat(PaymentsContract.toPublic(new PaymentEvent.AuthorisationRequested("p", "o", amount,
                "4111111111111111"))).as("card numbers never leave the service").isEmpty();
    }
}
