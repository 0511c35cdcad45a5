package dev.eventstore.examples.shop.shipping;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.shipping.Shipment.Status;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.Cancel;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RecordDispatch;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RequestShipment;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.DispatchFailed;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.ShipmentCancelled;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.ShipmentDispatched;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.ShipmentRequested;
import java.util.List;

/**
 * A shipment's rules: it is asked for once, and then either leaves (dispatched or refused by the
 * carrier) or is cancelled, whichever comes first. A cancellation after it left is refused: the
 * parcel is gone.
 */
public final class ShipmentDecider implements Decider<ShipmentCommand, Shipment, ShipmentEvent> {

    @Override
    public Shipment initialState() {
        return Shipment.NONE;
    }

    @Override
    public Shipment evolve(Shipment state, ShipmentEvent event) {
        if (event instanceof ShipmentRequested requested) {
            return new Shipment(requested.orderId(), requested.address(), requested.items(), Status.REQUESTED,
                    requested.dispatchAt(), null, null);
        }
        if (event instanceof ShipmentDispatched dispatched) {
            return state.with(Status.DISPATCHED, dispatched.trackingNumber(), null);
        }
        if (event instanceof DispatchFailed failed) {
            return state.with(Status.FAILED, null, failed.reason());
        }
        if (event instanceof ShipmentCancelled) {
            return state.with(Status.CANCELLED, null, null);
        }
        return state;
    }

    @Override
    public List<ShipmentEvent> decide(ShipmentCommand command, Shipment state) {
        if (command instanceof RequestShipment request) {
            if (state.status() == Status.NONE) {
                return List.of(new ShipmentRequested(request.orderId(), request.address(), request.items(),
                        request.dispatchAt()));
            }
            return List.of(); // asked for before: one shipment per order
        }
        if (state.status() == Status.NONE) {
            throw new ResourceNotFoundException("no such shipment");
        }
        if (command instanceof RecordDispatch dispatch) {
            if (state.status() != Status.REQUESTED) {
                return List.of(); // cancelled first, or dispatched before
            }
            Carrier.Outcome outcome = dispatch.outcome();
            return List.of(outcome.dispatched()
                    ? new ShipmentDispatched(state.orderId(), outcome.trackingNumberOrReason())
                    : new DispatchFailed(state.orderId(), outcome.trackingNumberOrReason()));
        }
        if (command instanceof Cancel) {
            switch (state.status()) {
                case REQUESTED:
                    return List.of(new ShipmentCancelled(state.orderId()));
                case CANCELLED:
                case FAILED:
                    return List.of(); // it is not going anywhere
                default:
                    throw new CommandRejectedException("the shipment of order " + state.orderId()
                            + " was dispatched already (tracking number " + state.trackingNumber() + ")");
            }
        }
        throw new IllegalArgumentException("unknown command: " + command);
    }
}
