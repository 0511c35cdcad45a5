package dev.eventstore.examples.shop.catalog;

import dev.eventstore.typed.EventType;
import java.math.BigDecimal;

/**
 * The catalog's internal events, one stream per product ({@code product-<sku>}): private to this
 * service. Other services see the public contract {@link CatalogContract#publish} maps these to.
 */
public sealed interface ProductEvent {

    /** @return the product */
    String sku();

    /**
     * A product went on sale.
     *
     * @param sku the product's code
     * @param name its name
     * @param price its price, two decimals
     */
    @EventType(name = "ProductListed")
    record ProductListed(String sku, String name, BigDecimal price) implements ProductEvent {
    }

    /**
     * A product's price changed.
     *
     * @param sku the product
     * @param price the new price
     */
    @EventType(name = "PriceChanged")
    record PriceChanged(String sku, BigDecimal price) implements ProductEvent {
    }
}
