package dev.eventstore.examples.shop.launcher;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The products a shop starts with, listed in the catalog and received into the inventory through their APIs. */
final class Shelves {

    /**
     * A product on the shelves.
     *
     * @param sku its stock-keeping unit
     * @param name what it is called
     * @param price its price
     * @param quantity how many units are received
     */
    record Product(String sku, String name, String price, int quantity) {
    }

    /** The demo's four products: plenty of mugs and tea, one kettle, three lamps. */
    static final List<Product> PRODUCTS = List.of(
            new Product("MUG-01", "Enamel mug", "8.00", 40),
            new Product("TEA-07", "Assam tea 250 g", "7.50", 40),
            new Product("KETTLE-02", "Stove-top kettle", "34.00", 1),
            new Product("LAMP-03", "Desk lamp", "39.90", 3));

    private Shelves() {
    }

    /**
     * Lists a product and receives its units, once: the command ids are the product's own, so stocking
     * a shop that was stocked before (a run started again on its data) books nothing twice.
     *
     * @param client the shop
     * @param product the product
     * @throws IllegalStateException naming the status and problem if a service refuses
     */
    static void stock(ShopClient client, Product product) {
        client.post(ServiceName.CATALOG, "/products", "list-" + product.sku(), Map.of("sku", product.sku(), "name",
                product.name(), "price", new BigDecimal(product.price()))).orThrow();
        client.post(ServiceName.INVENTORY, "/stock/" + product.sku() + "/receive", "first-receipt-" + product.sku(),
                Map.of("quantity", product.quantity())).orThrow();
    }
}
