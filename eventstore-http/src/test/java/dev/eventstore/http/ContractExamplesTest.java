package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract tests of both sides of a feed catch what drifts, and only that. */
class ContractExamplesTest {

    @TempDir
    Path directory;

    /** The producer's public events. */
    @EventType(name = "PaymentAuthorised")
    record PaymentAuthorised(String paymentId, BigDecimal amount, List<Line> lines) {
    }

    record Line(String sku, int quantity) {
    }

    @EventType(name = "PaymentVoided")
    record PaymentVoided(String paymentId) {
    }

    /** A consumer's own reader of PaymentAuthorised: fewer fields. */
    @EventType(name = "PaymentAuthorised")
    record Authorised(String paymentId, List<Line> lines) {
    }

    /** A consumer's reader that expects a field the producer never had. */
    @EventType(name = "PaymentAuthorised")
    record AuthorisedWithCurrency(String paymentId, String currency) {
    }

    private static final EventTypes CONTRACT = EventTypes.builder().register(PaymentAuthorised.class)
            .register(PaymentVoided.class).build();

    @BeforeEach
    void examples() throws IOException {
        Files.writeString(directory.resolve("PaymentAuthorised.v1.json"), "{\"type\":\"PaymentAuthorised\","
                + "\"version\":1,\"source\":\"payments\",\"subject\":\"public-payment-p1\",\"data\":{\"paymentId\":"
                + "\"p1\",\"amount\":8.00,\"lines\":[{\"sku\":\"MUG\",\"quantity\":2}]}}");
        Files.writeString(directory.resolve("PaymentVoided.v1.json"), "{\"type\":\"PaymentVoided\",\"version\":1,"
                + "\"source\":\"payments\",\"subject\":\"public-payment-p1\",\"sequence\":2,\"data\":{\"paymentId\":\"p1\"}}");
        Files.writeString(directory.resolve("README.md"), "not an example");
    }

    private static EventData encode(Object event) {
        return CONTRACT.encode(event, EventMetadata.empty());
    }

    private static EventTypes reader(Class<?>... types) {
        EventTypes.Builder builder = EventTypes.builder()
                .objectMapper(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        for (Class<?> type : types) {
            builder.register(type);
        }
        return builder.build();
    }

    @Test
    void aProducerThatPublishesWhatItsExamplesShowPasses() {
        ContractExamples examples = ContractExamples.in(directory);

        examples.assertPublishes("payments", List.of(
                encode(new PaymentAuthorised("p7", new BigDecimal("1.5"), List.of(new Line("TEA", 1)))),
                encode(new PaymentVoided("p7"))));

        assertThat(examples.examples()).containsOnlyKeys("PaymentAuthorised.v1.json", "PaymentVoided.v1.json");
    }

    @Test
    void aProducerWhoseEventsDriftFromItsExamplesFailsNamingTheDifference() {
        ContractExamples examples = ContractExamples.in(directory);
        EventData renamed = EventData.of("PaymentAuthorised", "{\"paymentId\":\"p1\",\"total\":8.00,\"lines\":[]}");
        EventData retyped = EventData.of("PaymentAuthorised",
                "{\"paymentId\":\"p1\",\"amount\":\"8.00\",\"lines\":[{\"sku\":\"MUG\",\"quantity\":\"2\"}]}");
        EventData newVersion = new EventData(java.util.UUID.randomUUID(), "PaymentVoided", "{\"paymentId\":\"p1\"}",
                "{\"$schemaVersion\":2}", Set.of());

        assertThatThrownBy(() -> examples.assertMatches(renamed, "payments")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("PaymentAuthorised.v1.json")
                .hasMessageContaining("data has fields [lines, paymentId, total] but the example has [amount, lines, paymentId]");
        assertThatThrownBy(() -> examples.assertMatches(retyped, "payments"))
                .hasMessageContaining("data.amount is STRING but the example has NUMBER")
                .hasMessageContaining("data.lines[0].quantity is STRING but the example has NUMBER");
        assertThatThrownBy(() -> examples.assertMatches(encode(new PaymentVoided("p1")), "orders"))
                .hasMessageContaining("the source is orders but the example's is payments");
        assertThatThrownBy(() -> examples.assertMatches(newVersion, "payments"))
                .hasMessageContaining("PaymentVoided version 2 is published, but")
                .hasMessageContaining("has no example PaymentVoided.v2.json");
        assertThatThrownBy(() -> examples.assertPublishes("payments", List.of(encode(new PaymentVoided("p1")))))
                .hasMessageContaining("nothing published matches the examples [PaymentAuthorised.v1.json]");
    }

    @Test
    void aConsumerReadsTheExamplesAsTheFeedHandsThemOn() {
        List<RecordedEvent> entries = ContractExamples.in(directory).entries();

        assertThat(entries).extracting(RecordedEvent::type).containsExactly("PaymentAuthorised", "PaymentVoided");
        RecordedEvent voided = entries.get(1);
        assertThat(voided.streamId()).isEqualTo("public-payment-p1");
        assertThat(voided.version()).isEqualTo(2);
        assertThat(voided.position()).isEqualTo(2);
        assertThat(Http.json(voided.metadata())).isEqualTo(Http.json("{\"$schemaVersion\":1,\"$source\":\"payments\"}"));
        assertThat(entries.get(0).data()).contains("\"amount\":8.00");
        assertThat(ContractExamples.in(directory).assertReads(reader(Authorised.class, PaymentVoided.class))).isEqualTo(2);
        assertThat(ContractExamples.in(directory).assertReads(reader(Authorised.class, PaymentVoided.class),
                Set.of("PaymentVoided"))).isEqualTo(1);
    }

    @Test
    void aConsumerThatExpectsWhatTheProducerDoesNotPublishFails() {
        ContractExamples examples = ContractExamples.in(directory);

        assertThatThrownBy(() -> examples.assertReads(reader(AuthorisedWithCurrency.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("PaymentAuthorised v1: field currency is not filled: the example has no such field, or a null");
        assertThatThrownBy(() -> examples.assertReads(reader(Authorised.class), Set.of("PaymentAuthorised", "Refunded")))
                .hasMessageContaining("the reader reads [Refunded], of which");
    }

    @Test
    void examplesMustBeFeedEntriesNamedAfterTheirTypeAndVersion() throws IOException {
        assertThatThrownBy(() -> ContractExamples.in(directory.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("there is no directory");
        Files.writeString(directory.resolve("PaymentRefunded.v1.json"), Files.readString(
                directory.resolve("PaymentVoided.v1.json")));
        assertThatThrownBy(() -> ContractExamples.in(directory))
                .hasMessage("the example PaymentRefunded.v1.json holds PaymentVoided.v1.json; name the file after the "
                        + "type and version it holds");
        Files.writeString(directory.resolve("PaymentRefunded.v1.json"), "{\"type\":\"PaymentRefunded\",\"version\":1}");
        assertThatThrownBy(() -> ContractExamples.in(directory)).hasMessageContaining("must be a feed entry");
    }
}
