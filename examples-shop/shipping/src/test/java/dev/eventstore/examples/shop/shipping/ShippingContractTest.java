package dev.eventstore.examples.shop.shipping;

import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the shipping service publishes has exactly the shapes of its published examples. */
class ShippingContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() {
        List<ShipmentEvent> internal = List.of(
                new ShipmentEvent.ShipmentRequested("o", "12 Main St", List.of(new ShipmentEvent.Parcel("MUG", 1)),
                        Instant.parse("2026-11-30T10:15:30Z")),
                new ShipmentEvent.ShipmentDispatched("o", "TRK-1"),
                new ShipmentEvent.DispatchFailed("o", "no"),
                new ShipmentEvent.ShipmentCancelled("o"));

        ContractExamples.in(Path.of("src/main/contract")).assertPublishes(ShippingContract.SOURCE, internal.stream()
                .map(event -> ShippingContract.TYPES.encode(ShippingContract.toPublic(event).orElseThrow(),
                        EventMetadata.empty()))
                .toList());
    }
}
