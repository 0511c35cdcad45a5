package dev.eventstore.examples.shop.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.typed.EventMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the shipping service publishes has exactly the shapes of its published examples. */
class ShippingContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() throws Exception {
        Map<String, JsonNode> examples = PublishedExamples.load();
        List<ShipmentEvent> internal = List.of(
                new ShipmentEvent.ShipmentRequested("o", "12 Main St", List.of(new ShipmentEvent.Parcel("MUG", 1)),
                        Instant.parse("2026-11-30T10:15:30Z")),
                new ShipmentEvent.ShipmentDispatched("o", "TRK-1"),
                new ShipmentEvent.DispatchFailed("o", "no"),
                new ShipmentEvent.ShipmentCancelled("o"));
        Set<String> covered = new TreeSet<>();
        for (ShipmentEvent event : internal) {
            Object published = ShippingContract.toPublic(event).orElseThrow();
            covered.add(PublishedExamples.assertMatches(ShippingContract.TYPES.encode(published, EventMetadata.empty()),
                    examples, ShippingContract.SOURCE));
        }
        assertThat(covered).as("examples of what is published").isEqualTo(examples.keySet());
    }
}
