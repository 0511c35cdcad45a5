package dev.eventstore.examples.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.typed.EventMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the inventory publishes has exactly the shapes of its published examples, and nothing else. */
class InventoryContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() throws Exception {
        Map<String, JsonNode> examples = PublishedExamples.load();
        List<Item> items = List.of(new Item("MUG-01", 2), new Item("TEA-07", 1));
        List<StockEvent> internal = List.of(
                new StockEvent.StockReserved("o-1", items),
                new StockEvent.ReservationRefused("o-2", List.of(new StockEvent.Shortage("LAMP-03", 2, 1))),
                new StockEvent.ReservationReleased("o-1", items),
                new StockEvent.ReservationCommitted("o-1", items),
                new StockEvent.StockReturned("o-1", items));
        Set<String> covered = new TreeSet<>();
        for (StockEvent event : internal) {
            Object published = InventoryContract.toPublic(event).orElseThrow();
            covered.add(PublishedExamples.assertMatches(InventoryContract.TYPES.encode(published, EventMetadata.empty()),
                    examples, InventoryContract.SOURCE));
        }
        assertThat(covered).as("examples of what is published").isEqualTo(examples.keySet());
        assertThat(InventoryContract.toPublic(new StockEvent.StockReceived("MUG-01", 5))).as("receipts are private")
                .isEmpty();
    }
}
