package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.EventData;
import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import dev.eventstore.http.ContractExamples;
import dev.eventstore.RecordedEvent;
import dev.eventstore.memory.InMemorySubjectKeyStore;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the orders service publishes, at either version of OrderPlaced, has the shapes of its examples. */
class OrdersContractTest {

    private static final OrderEvent.OrderPlaced PLACED = new OrderEvent.OrderPlaced("o-1", "c-ada", "Ada",
            List.of(new Line("MUG-01", "Enamel mug", 2, new BigDecimal("8.00"))), new BigDecimal("16.00"),
            "4111111111111111", "12 Main St", Instant.parse("2026-11-30T10:15:30.123Z"));

    private static final InMemorySubjectKeyStore KEYS = new InMemorySubjectKeyStore();
    private static final EventTypes TYPES = OrdersContract.types(KEYS);

    private static final ContractExamples EXAMPLES = ContractExamples.in(Path.of("src/main/contract"));

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() {
        List<OrderEvent> internal = List.of(PLACED, new OrderEvent.OrderConfirmed("o-1"),
                new OrderEvent.OrderShipped("o-1", "TRK-1"), new OrderEvent.OrderRejected("o-1", "none left"),
                new OrderEvent.OrderCancelled("o-1", "declined"));
        List<EventData> published = new ArrayList<>();
        for (int version : new int[] {1, 2}) {
            for (OrderEvent event : internal) {
                published.add(served(OrdersContract.encode(TYPES, OrdersContract.toPublic(event).orElseThrow(),
                        EventMetadata.empty(), version)));
            }
        }

        EXAMPLES.assertPublishes(OrdersContract.SOURCE, published);
        assertThat(OrdersContract.toPublic(new OrderEvent.CaptureRequested("o-1", "o-1")))
                .as("the checkout's requests are private").isEmpty();
    }

    @Test
    void theDowncastTurnsTheVersion2ExampleIntoTheVersion1Example() {
        Map<String, JsonNode> examples = EXAMPLES.examples();
        ObjectNode v2 = examples.get("OrderPlaced.v2.json").path("data").deepCopy();
        assertThat(OrdersContract.downcastOrderPlaced(v2)).isEqualTo(examples.get("OrderPlaced.v1.json").path("data"));
    }

    /** What the feed serves for an event as stored: its personal data decrypted. */
    private static EventData served(EventData stored) {
        RecordedEvent revealed = TYPES.reveal(new RecordedEvent(stored.id(), "public-order-o-1", 1, 1, stored.type(),
                stored.data(), stored.metadata(), stored.tags(), Instant.now()));
        return new EventData(stored.id(), revealed.type(), revealed.data(), revealed.metadata(), revealed.tags());
    }

    @Test
    void theCardNumberAndAddressNeverLeaveTheService() throws Exception {
        EventData stored = OrdersContract.encode(TYPES, OrdersContract.toPublic(PLACED).orElseThrow(),
                EventMetadata.empty(), 2);
        assertThat(stored.data()).as("stored").doesNotContain("4111111111111111", "Main St", "Ada").contains("c-ada");
        assertThat(served(stored).data()).as("served").doesNotContain("4111111111111111").doesNotContain("Main St")
                .contains("\"name\":\"Ada\"");
    }

    @Test
    void aForgottenCustomersNameIsServedAsForgottenCustomer() {
        InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
        EventTypes types = OrdersContract.types(keys);
        EventData stored = OrdersContract.encode(types, OrdersContract.toPublic(PLACED).orElseThrow(),
                EventMetadata.empty(), 2);
        keys.forget("c-ada");
        RecordedEvent revealed = types.reveal(new RecordedEvent(stored.id(), "public-order-o-1", 1, 1, stored.type(),
                stored.data(), stored.metadata(), stored.tags(), Instant.now()));
        assertThat(revealed.data()).contains("\"name\":\"forgotten customer\"").contains("\"id\":\"c-ada\"");
    }
}
