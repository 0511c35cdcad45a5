package dev.eventstore.examples.shop.orders;

import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What the orders service reads from the catalog's feed, in its own types (a tolerant reader: unknown
 * fields are ignored). Checked against the catalog's published examples by a contract test.
 */
public final class CatalogFeed {

    /** The reader's registry. */
    public static final EventTypes TYPES = Readers.registry(ProductListed.class, PriceChanged.class);

    /** The types read. */
    public static final Set<String> READS = TYPES.typeNames(Object.class);

    private CatalogFeed() {
    }

    /**
     * @param sku the product
     * @param name its name
     * @param price its price
     */
    @EventType(name = "ProductListed")
    public record ProductListed(String sku, String name, BigDecimal price) {
    }

    /**
     * @param sku the product
     * @param price its new price
     */
    @EventType(name = "PriceChanged")
    public record PriceChanged(String sku, BigDecimal price) {
    }
}
