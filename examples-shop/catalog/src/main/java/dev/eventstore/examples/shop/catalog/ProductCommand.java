package dev.eventstore.examples.shop.catalog;

import java.math.BigDecimal;

/** What may be done to a product. */
public sealed interface ProductCommand {

    /**
     * Put a product on sale.
     *
     * @param sku its code
     * @param name its name
     * @param price its price
     */
    record ListProduct(String sku, String name, BigDecimal price) implements ProductCommand {
    }

    /**
     * Change a product's price.
     *
     * @param price the new price
     */
    record ChangePrice(BigDecimal price) implements ProductCommand {
    }
}
