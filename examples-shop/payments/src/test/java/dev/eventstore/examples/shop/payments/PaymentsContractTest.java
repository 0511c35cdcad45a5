package dev.eventstore.examples.shop.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.typed.EventMetadata;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the payments service publishes has exactly the shapes of its published examples. */
class PaymentsContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() throws Exception {
        Map<String, JsonNode> examples = PublishedExamples.load();
        BigDecimal amount = new BigDecimal("42.50");
        List<PaymentEvent> internal = List.of(
                new PaymentEvent.PaymentAuthorised("p", "o", amount, "AUTH-1"),
                new PaymentEvent.PaymentDeclined("p", "o", "insufficient funds"),
                new PaymentEvent.PaymentCaptured("p", "o", amount),
                new PaymentEvent.PaymentRefunded("p", "o", amount),
                new PaymentEvent.PaymentVoided("p", "o", amount));
        Set<String> covered = new TreeSet<>();
        for (PaymentEvent event : internal) {
            Object published = PaymentsContract.toPublic(event).orElseThrow();
            covered.add(PublishedExamples.assertMatches(PaymentsContract.TYPES.encode(published, EventMetadata.empty()),
                    examples, PaymentsContract.SOURCE));
        }
        assertThat(covered).as("examples of what is published").isEqualTo(examples.keySet());
        assertThat(PaymentsContract.toPublic(new PaymentEvent.AuthorisationRequested("p", "o", amount,
                "4111111111111111"))).as("card numbers never leave the service").isEmpty();
    }
}
