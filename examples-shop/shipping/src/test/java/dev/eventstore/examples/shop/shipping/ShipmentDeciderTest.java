package dev.eventstore.examples.shop.shipping;

import dev.eventstore.http.ResourceNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.examples.shop.shipping.Shipment.Status;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.Cancel;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RecordDispatch;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RequestShipment;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.DispatchFailed;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.ShipmentCancelled;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shipment's rules alone: it leaves or is cancelled, whichever comes first. */
class ShipmentDeciderTest {

    private final ShipmentDecider decider = new ShipmentDecider();
    private final Carrier carrier = new Carrier(Carrier.DEFAULT_UNDELIVERABLE);

    private Shipment run(Shipment state, ShipmentCommand command) {
        return decider.fold(state, decider.decide(command, state));
    }

    private Shipment requested(String address) {
        return run(Shipment.NONE, new RequestShipment("o1", address, List.of(new Parcel("MUG", 1)),
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void aShipmentLeavesOnceAndCannotBeCancelledAfter() {
        Shipment requested = requested("12 Main St");
        assertThat(decider.decide(new RequestShipment("o1", "elsewhere", List.of(), Instant.EPOCH), requested))
                .as("asked for again").isEmpty();
        Shipment gone = run(requested, new RecordDispatch(carrier.dispatch("o1", "12 Main St")));
        assertThat(gone.status()).isEqualTo(Status.DISPATCHED);
        assertThat(gone.trackingNumber()).startsWith("TRK-");
        assertThat(decider.decide(new RecordDispatch(carrier.dispatch("o1", "12 Main St")), gone)).isEmpty();
        assertThatThrownBy(() -> decider.decide(new Cancel(), gone)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("the shipment of order o1 was dispatched already (tracking number "
                        + gone.trackingNumber() + ")");
    }

    @Test
    void aCancelledShipmentNeverLeaves() {
        Shipment cancelled = run(requested("12 Main St"), new Cancel());
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(decider.decide(new Cancel(), cancelled)).isEmpty();
        assertThat(decider.decide(new RecordDispatch(carrier.dispatch("o1", "12 Main St")), cancelled)).isEmpty();
        assertThat(decider.decide(new Cancel(), requested("x"))).containsExactly(new ShipmentCancelled("o1"));
    }

    @Test
    void theCarrierRefusesTheConfiguredAddress() {
        Shipment requested = requested(" 1 NOWHERE lane ");
        assertThat(decider.decide(new RecordDispatch(carrier.dispatch("o1", requested.address())), requested))
                .containsExactly(new DispatchFailed("o1", "the carrier does not deliver to  1 NOWHERE lane "));
        Shipment failed = run(requested, new RecordDispatch(carrier.dispatch("o1", requested.address())));
        assertThat(decider.decide(new Cancel(), failed)).as("nothing left to cancel").isEmpty();
        assertThatThrownBy(() -> decider.decide(new Cancel(), Shipment.NONE)).isInstanceOf(ResourceNotFoundException.class);
    }
}
