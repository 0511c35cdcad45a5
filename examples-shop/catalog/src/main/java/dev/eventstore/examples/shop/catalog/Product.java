package dev.eventstore.examples.shop.catalog;

import java.math.BigDecimal;

/**
 * A product: the state of its stream.
 *
 * @param sku its code; null before it is listed
 * @param name its name
 * @param price its current price
 */
public record Product(String sku, String name, BigDecimal price) {

    /** The state of a product never listed. */
    public static final Product NONE = new Product(null, null, null);

    /** @return true if it was listed */
    public boolean listed() {
        return sku != null;
    }
}
