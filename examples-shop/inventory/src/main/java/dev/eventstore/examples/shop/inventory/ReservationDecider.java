package dev.eventstore.examples.shop.inventory;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.inventory.Reservation.Status;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Commit;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Release;
import dev.eventstore.examples.shop.inventory.ReservationCommand.Return;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationCommitted;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationRefused;
import dev.eventstore.examples.shop.inventory.StockEvent.ReservationReleased;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReserved;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReturned;
import java.util.List;

/**
 * The life of one reservation after it was made: released, or committed and perhaps returned. Each
 * step happens once; asking again for a step already taken changes nothing, so a saga that repeats
 * itself does no harm. A step that no longer fits (committing a released reservation) is refused.
 */
public final class ReservationDecider implements Decider<ReservationCommand, Reservation, StockEvent> {

    @Override
    public Reservation initialState() {
        return Reservation.NONE;
    }

    @Override
    public Reservation evolve(Reservation state, StockEvent event) {
        if (event instanceof StockReserved reserved) {
            return new Reservation(reserved.orderId(), Status.RESERVED, reserved.items(), List.of());
        }
        if (event instanceof ReservationRefused refused) {
            return new Reservation(refused.orderId(), Status.REFUSED, List.of(), refused.shortages());
        }
        if (event instanceof ReservationReleased) {
            return state.with(Status.RELEASED);
        }
        if (event instanceof ReservationCommitted) {
            return state.with(Status.COMMITTED);
        }
        if (event instanceof StockReturned) {
            return state.with(Status.RETURNED);
        }
        return state;
    }

    @Override
    public List<StockEvent> decide(ReservationCommand command, Reservation state) {
        if (state.status() == Status.NONE) {
            throw new ResourceNotFoundException("no reservation was made for this order");
        }
        Status status = state.status();
        if (command instanceof Release) {
            if (status == Status.RESERVED) {
                return List.of(new ReservationReleased(state.orderId(), state.items()));
            }
            if (status == Status.RELEASED || status == Status.REFUSED) {
                return List.of();
            }
            throw new CommandRejectedException("the reservation of order " + state.orderId() + " is " + status
                    + ": sold stock is returned, not released");
        }
        if (command instanceof Commit) {
            if (status == Status.RESERVED) {
                return List.of(new ReservationCommitted(state.orderId(), state.items()));
            }
            if (status == Status.COMMITTED || status == Status.RETURNED) {
                return List.of();
            }
            throw new CommandRejectedException("the reservation of order " + state.orderId() + " is " + status
                    + " and cannot be committed");
        }
        if (command instanceof Return) {
            if (status == Status.COMMITTED) {
                return List.of(new StockReturned(state.orderId(), state.items()));
            }
            if (status == Status.RETURNED) {
                return List.of();
            }
            throw new CommandRejectedException("the reservation of order " + state.orderId() + " is " + status
                    + ": only committed stock can be returned");
        }
        throw new IllegalArgumentException("unknown command: " + command);
    }
}
