package dev.eventstore.examples.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationCommitted;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationRefused;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationReleased;
import dev.eventstore.examples.shop.inventory.StockEvent.Shortage;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReceived;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReserved;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReturned;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stock levels as a fold, and the all-or-none reservation rule, without a store. */
class StockLevelTest {

    @Test
    void everyUnitReceivedIsOnTheShelfReservedOrShipped() {
        Map<String, StockLevel> levels = StockLevel.fold(List.of(
                new StockReceived("MUG", 10),
                new StockReceived("TEA", 4),
                new StockReserved("o1", List.of(new Item("MUG", 3), new Item("TEA", 1))),
                new StockReserved("o2", List.of(new Item("MUG", 2))),
                new ReservationReleased("o2", List.of(new Item("MUG", 2))),
                new ReservationCommitted("o1", List.of(new Item("MUG", 3), new Item("TEA", 1))),
                new StockReserved("o3", List.of(new Item("MUG", 1))),
                new StockReturned("o1", List.of(new Item("MUG", 3), new Item("TEA", 1))),
                new ReservationRefused("o4", List.of(new Shortage("TEA", 9, 3)))));
        assertThat(levels.get("MUG")).isEqualTo(new StockLevel("MUG", 10, 1, 0));
        assertThat(levels.get("MUG").onHand()).isEqualTo(9);
        assertThat(levels.get("TEA")).isEqualTo(new StockLevel("TEA", 4, 0, 0));
        for (StockLevel level : levels.values()) {
            assertThat(level.onHand() + level.reserved() + level.shipped()).isEqualTo(level.received());
        }
    }

    @Test
    void anOrderGetsAllItsItemsOrNone() {
        Map<String, StockLevel> levels = StockLevel.fold(List.of(new StockReceived("MUG", 2),
                new StockReceived("TEA", 5)));
        List<Item> both = List.of(new Item("MUG", 2), new Item("TEA", 5));
        assertThat(StockLevel.decideReservation("o1", both, levels)).isEqualTo(new StockReserved("o1", both));

        StockEvent refused = StockLevel.decideReservation("o2",
                List.of(new Item("MUG", 3), new Item("TEA", 1), new Item("JAM", 1)), levels);
        assertThat(refused).isEqualTo(new ReservationRefused("o2",
                List.of(new Shortage("MUG", 3, 2), new Shortage("JAM", 1, 0))));
        assertThat(StockLevel.fold(List.of(new StockReceived("MUG", 2), refused)).get("MUG").onHand())
                .as("a refusal takes nothing").isEqualTo(2);
    }

    @Test
    void reservedUnitsAreNotOnHandForTheNextOrder() {
        Map<String, StockLevel> levels = StockLevel.fold(List.of(new StockReceived("MUG", 3),
                new StockReserved("o1", List.of(new Item("MUG", 2)))));
        assertThat(StockLevel.decideReservation("o2", List.of(new Item("MUG", 2)), levels))
                .isEqualTo(new ReservationRefused("o2", List.of(new Shortage("MUG", 2, 1))));
        assertThat(StockLevel.decideReservation("o2", List.of(new Item("MUG", 1)), levels))
                .isInstanceOf(StockReserved.class);
    }
}
