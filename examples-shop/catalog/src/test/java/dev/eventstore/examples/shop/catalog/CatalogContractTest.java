package dev.eventstore.examples.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.typed.EventMetadata;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the catalog publishes has exactly the shapes of its published examples. */
class CatalogContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() throws Exception {
        Map<String, JsonNode> examples = PublishedExamples.load();
        List<ProductEvent> internal = List.of(new ProductEvent.ProductListed("MUG", "Mug", new BigDecimal("8.00")),
                new ProductEvent.PriceChanged("MUG", new BigDecimal("7.50")));
        Set<String> covered = new TreeSet<>();
        for (ProductEvent event : internal) {
            Object published = CatalogContract.toPublic(event).orElseThrow();
            covered.add(PublishedExamples.assertMatches(CatalogContract.TYPES.encode(published, EventMetadata.empty()),
                    examples, CatalogContract.SOURCE));
        }
        assertThat(covered).as("examples of what is published").isEqualTo(examples.keySet());
    }
}
