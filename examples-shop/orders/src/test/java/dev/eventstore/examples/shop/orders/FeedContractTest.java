package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The orders service's readers against what the services it follows publish: their examples, read
 * from their modules. A producer that renames, drops or retypes a field the orders service reads
 * fails this build, not production.
 */
class FeedContractTest {

    @Test
    void readsWhatTheInventoryPublishes() throws Exception {
        assertThat(ProducerExamples.assertReads("inventory", InventoryFeed.TYPES, InventoryFeed.READS)).isEqualTo(5);
    }

    @Test
    void readsWhatPaymentsPublishes() throws Exception {
        assertThat(ProducerExamples.assertReads("payments", PaymentsFeed.TYPES, PaymentsFeed.READS)).isEqualTo(5);
    }

    @Test
    void readsWhatShippingPublishes() throws Exception {
        assertThat(ProducerExamples.assertReads("shipping", ShippingFeed.TYPES, ShippingFeed.READS)).isEqualTo(4);
    }

    @Test
    void readsWhatTheCatalogPublishes() throws Exception {
        assertThat(ProducerExamples.assertReads("catalog", CatalogFeed.TYPES, CatalogFeed.READS)).isEqualTo(2);
    }
}
