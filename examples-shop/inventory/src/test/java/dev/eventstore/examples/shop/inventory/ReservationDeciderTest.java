package dev.eventstore.examples.shop.inventory;

import dev.eventstore.http.ResourceNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.examples.shop.inventory.Reservation.Status;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Commit;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Release;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Return;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationCommitted;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationRefused;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationReleased;
import dev.eventstore.examples.shop.inventory.StockEvent.Shortage;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReserved;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReturned;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reservation's life after it was made: each step once, steps that no longer fit refused. */
class ReservationDeciderTest {

    private static final List<Item> ITEMS = List.of(new Item("MUG", 2));
    private final ReservationDecider decider = new ReservationDecider();

    private Reservation run(Reservation state, ReservationCommand command) {
        return decider.fold(state, decider.decide(command, state));
    }

    private Reservation reserved() {
        return decider.evolve(Reservation.NONE, new StockReserved("o1", ITEMS));
    }

    @Test
    void aReservationIsReleasedOnceAndThenCannotBeSold() {
        assertThat(decider.decide(new Release(), reserved())).containsExactly(new ReservationReleased("o1", ITEMS));
        Reservation released = run(reserved(), new Release());
        assertThat(released.status()).isEqualTo(Status.RELEASED);
        assertThat(decider.decide(new Release(), released)).as("released again").isEmpty();
        assertThatThrownBy(() -> decider.decide(new Commit(), released)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("the reservation of order o1 is RELEASED and cannot be committed");
    }

    @Test
    void aSoldReservationIsReturnedOnceAndNeverReleased() {
        Reservation sold = run(reserved(), new Commit());
        assertThat(sold.status()).isEqualTo(Status.COMMITTED);
        assertThat(decider.decide(new Commit(), sold)).as("committed again").isEmpty();
        assertThatThrownBy(() -> decider.decide(new Release(), sold)).isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("sold stock is returned, not released");
        assertThat(decider.decide(new Return(), sold)).containsExactly(new StockReturned("o1", ITEMS));
        Reservation returned = run(sold, new Return());
        assertThat(decider.decide(new Return(), returned)).as("returned again").isEmpty();
        assertThat(decider.evolve(sold, new ReservationCommitted("o1", ITEMS)).status()).isEqualTo(Status.COMMITTED);
    }

    @Test
    void aRefusedReservationHasNothingToReleaseAndNothingToSell() {
        Reservation refused = decider.evolve(Reservation.NONE,
                new ReservationRefused("o1", List.of(new Shortage("MUG", 2, 0))));
        assertThat(decider.decide(new Release(), refused)).isEmpty();
        assertThatThrownBy(() -> decider.decide(new Commit(), refused)).isInstanceOf(CommandRejectedException.class);
        assertThatThrownBy(() -> decider.decide(new Return(), refused)).isInstanceOf(CommandRejectedException.class);
    }

    @Test
    void nothingCanBeDoneToAReservationNeverMade() {
        assertThatThrownBy(() -> decider.decide(new Release(), Reservation.NONE)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> decider.decide(new Return(), reserved())).isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("only committed stock can be returned");
    }
}
