package dev.eventstore.examples.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.RecordedEvent;
import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventDecodingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The catalog reads OrderPlaced at version 1 ({@code customer} a string). Its reader is checked against
 * the orders service's version 1 example; the version 2 example is what it could not read, which is
 * why it asks the feed for version 1.
 */
class FeedContractTest {

    private static final ContractExamples ORDERS = ContractExamples.in(Path.of("../orders/src/main/contract"));

    @Test
    void readsOrderPlacedVersion1AsPublishedByOrders() throws Exception {
        int read = 0;
        for (RecordedEvent entry : ORDERS.entries()) {
            if (!entry.type().equals("OrderPlaced")) {
                continue;
            }
            if (entry.metadata().contains("\"$schemaVersion\":1")) {
                OrdersFeed.OrderPlaced placed = OrdersFeed.TYPES.decode(entry, OrdersFeed.OrderPlaced.class)
                        .orElseThrow().event();
                assertThat(placed.customer()).isEqualTo("c-ada");
                assertThat(placed.lines()).singleElement().satisfies(l -> assertThat(l.sku()).isEqualTo("MUG-01"));
                read++;
            } else {
                assertThatThrownBy(() -> OrdersFeed.TYPES.decode(entry, OrdersFeed.OrderPlaced.class))
                        .as("a version 1 reader cannot read version 2: it must ask the feed for version 1")
                        .isInstanceOf(EventDecodingException.class);
            }
        }
        assertThat(read).isEqualTo(1);
    }
}
