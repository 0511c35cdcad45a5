package dev.eventstore.examples.shop.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.RecordedEvent;
import dev.eventstore.http.ContractExamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The order history's readers against what every service publishes: their examples, read from their
 * modules. OrderPlaced is read at version 2, and the version 1 example upcast.
 */
class FeedContractTest {

    private static ContractExamples of(String producer) {
        return ContractExamples.in(Path.of("..", producer, "src", "main", "contract"));
    }

    @Test
    void readsOrderPlacedOfBothVersionsAndEverythingElseOrdersPublishes() throws Exception {
        List<Feeds.OrderPlaced> placed = new ArrayList<>();
        for (RecordedEvent entry : of("orders").entries()) {
            Object event = Feeds.ORDERS.decode(entry).orElseThrow().event();
            assertThat(OrderHistory.describe(event).orderId()).isNotBlank();
            if (event instanceof Feeds.OrderPlaced e) {
                placed.add(e);
            }
        }
        assertThat(placed).hasSize(2).allSatisfy(e -> {
            assertThat(e.customer().id()).isEqualTo("c-ada");
            assertThat(e.lines()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo("Enamel mug"));
            assertThat(e.total()).isEqualTo("16.00");
        });
        assertThat(placed).extracting(e -> e.customer().name()).as("the name, unknown before version 2")
                .containsExactlyInAnyOrder(null, "Ada Lovelace");
        assertThat(of("orders").assertReads(Feeds.ORDERS,
                Set.of("OrderConfirmed", "OrderShipped", "OrderRejected", "OrderCancelled"))).isEqualTo(4);
    }

    @Test
    void readsWhatInventoryPaymentsAndShippingPublish() throws Exception {
        assertThat(of("inventory").assertReads(Feeds.INVENTORY)).isEqualTo(5);
        assertThat(of("payments").assertReads(Feeds.PAYMENTS)).isEqualTo(5);
        assertThat(of("shipping").assertReads(Feeds.SHIPPING)).isEqualTo(4);
        for (String producer : List.of("inventory", "payments", "shipping")) {
            for (RecordedEvent entry : of(producer).entries()) {
                Object event = OrderHistory.FEEDS.get(producer).decode(entry).orElseThrow().event();
                assertThat(OrderHistory.describe(event).what()).isNotBlank().doesNotContain("null");
            }
        }
    }
}
