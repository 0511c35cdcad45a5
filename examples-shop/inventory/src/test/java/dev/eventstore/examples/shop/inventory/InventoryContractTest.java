package dev.eventstore.examples.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventMetadata;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the inventory publishes has exactly the shapes of its published examples. */
class InventoryContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() {
        List<Item> items = List.of(new Item("MUG-01", 2), new Item("TEA-07", 1));
        List<StockEvent> internal = List.of(
                new StockEvent.StockReserved("o-1", items),
                new StockEvent.ReservationRefused("o-2", List.of(new StockEvent.Shortage("LAMP-03", 2, 1))),
                new StockEvent.ReservationReleased("o-1", items),
                new StockEvent.ReservationCommitted("o-1", items),
                new StockEvent.StockReturned("o-1", items));

        ContractExamples.in(Path.of("src/main/contract")).assertPublishes(InventoryContract.SOURCE, internal.stream()
                .map(event -> InventoryContract.TYPES.encode(InventoryContract.toPublic(event).orElseThrow(),
                        EventMetadata.empty()))
                .toList());
        assertThat(InventoryContract.toPublic(new StockEvent.StockReceived("MUG-01", 5))).as("receipts are private")
                .isEmpty();
    }
}
