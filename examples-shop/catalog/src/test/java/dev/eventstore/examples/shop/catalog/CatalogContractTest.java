package dev.eventstore.examples.shop.catalog;

import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventMetadata;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the catalog publishes has exactly the shapes of its published examples. */
class CatalogContractTest {

    @Test
    void everyPublishedEventMatchesItsExampleAndEveryExampleIsPublished() {
        List<ProductEvent> internal = List.of(new ProductEvent.ProductListed("MUG", "Mug", new BigDecimal("8.00")),
                new ProductEvent.PriceChanged("MUG", new BigDecimal("7.50")));

        ContractExamples.in(Path.of("src/main/contract")).assertPublishes(CatalogContract.SOURCE, internal.stream()
                .map(event -> CatalogContract.TYPES.encode(CatalogContract.toPublic(event).orElseThrow(),
                        EventMetadata.empty()))
                .toList());
    }
}
