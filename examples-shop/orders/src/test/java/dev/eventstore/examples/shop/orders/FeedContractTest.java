package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.http.ContractExamples;
import dev.eventstore.typed.EventTypes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The orders service's readers against what the services it follows publish: their examples, read
 * from their modules. A producer that renames, drops or retypes a field the orders service reads
 * fails this build, not production.
 */
class FeedContractTest {

    /** @return how many of the producer's examples the reader decoded, every field filled */
    private static int reads(String producer, EventTypes reader) {
        return ContractExamples.in(Path.of("..", producer, "src", "main", "contract")).assertReads(reader);
    }

    @Test
    void readsWhatTheInventoryPublishes() {
        assertThat(reads("inventory", InventoryFeed.TYPES)).isEqualTo(5);
    }

    @Test
    void readsWhatPaymentsPublishes() {
        assertThat(reads("payments", PaymentsFeed.TYPES)).isEqualTo(5);
    }

    @Test
    void readsWhatShippingPublishes() {
        assertThat(reads("shipping", ShippingFeed.TYPES)).isEqualTo(4);
    }

    @Test
    void readsWhatTheCatalogPublishes() {
        assertThat(reads("catalog", CatalogFeed.TYPES)).isEqualTo(2);
    }
}
