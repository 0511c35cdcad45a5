package dev.eventstore.examples.shop.catalog;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventStore;
import dev.eventstore.RetryPolicy;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.shop.catalog.ProductCommand.ChangePrice;
import dev.eventstore.examples.shop.catalog.ProductCommand.ListProduct;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** The catalog's use cases over its own store: list products, change prices, read them. */
public final class Catalog {

    private static final BigDecimal MAX_PRICE = new BigDecimal("100000.00");
    private static final int SKU_LENGTH = 40;

    /** The registry of the catalog's internal events. */
    public static final EventTypes TYPES = EventTypes.builder().registerSealed(ProductEvent.class).build();

    /**
     * How the catalog's reactors retry: for ever, as what fails them (a store or a feed that does not
     * answer) comes back.
     */
    public static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final EventStore store;
    private final CommandHandler<ProductCommand, Product, ProductEvent> products;

    /** @param store the catalog's own store */
    public Catalog(EventStore store) {
        this.store = store;
        this.products = CommandHandler.builder(store, TYPES, new ProductDecider(), ProductEvent.class).build();
    }

    /** @return the stream of a product */
    public static String stream(String sku) {
        return "product-" + sku;
    }

    /**
     * Puts a product on sale; listing it again as it is changes nothing.
     *
     * @param commandId the idempotency key
     * @param sku 1 to 40 letters, digits, {@code -}, {@code _} or {@code .}
     * @param name 1 to 200 characters
     * @param price above zero, at most two decimals
     * @return the product, and whether the command id was handled before
     * @throws InvalidFieldException naming a bad argument
     * @throws dev.eventstore.aggregate.CommandRejectedException if it is listed already, otherwise
     */
    public Result list(String commandId, String sku, String name, BigDecimal price) {
        Fields.id("sku", sku, SKU_LENGTH);
        Fields.text("name", name, 200);
        return handle(commandId, sku, new ListProduct(sku, name.trim(), checkPrice(price)));
    }

    /**
     * Changes a product's price.
     *
     * @param commandId the idempotency key
     * @param sku the product
     * @param price above zero, at most two decimals
     * @return the product, and whether the command id was handled before
     * @throws InvalidFieldException naming a bad argument
     * @throws ResourceNotFoundException if there is no such product
     */
    public Result changePrice(String commandId, String sku, BigDecimal price) {
        Fields.id("sku", sku, SKU_LENGTH);
        try {
            return handle(commandId, sku, new ChangePrice(checkPrice(price)));
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("no product " + sku);
        }
    }

    private Result handle(String commandId, String sku, ProductCommand command) {
        CommandResult<Product, ProductEvent> result = products.handle(stream(sku), command,
                EventMetadata.forCommand(commandId));
        return new Result(result.state(), result.alreadyHandled());
    }

    /**
     * @param sku the product
     * @return it
     * @throws ResourceNotFoundException if there is no such product
     */
    public Product product(String sku) {
        Fields.id("sku", sku, SKU_LENGTH);
        Product product = products.load(stream(sku)).state();
        if (!product.listed()) {
            throw new ResourceNotFoundException("no product " + sku);
        }
        return product;
    }

    /** @return every product, by SKU */
    public List<Product> products() {
        return products.loadCategory("product").stream().map(AggregateState::state)
                .sorted(Comparator.comparing(Product::sku)).toList();
    }

    static BigDecimal checkPrice(BigDecimal price) {
        if (price == null || price.signum() <= 0 || price.compareTo(MAX_PRICE) > 0
                || price.stripTrailingZeros().scale() > 2) {
            throw new InvalidFieldException("price", "price must be above 0 and at most " + MAX_PRICE
                    + ", with at most two decimals, was: " + (price == null ? "null" : price.toPlainString()));
        }
        return price.setScale(2);
    }

    /**
     * What a product command left behind.
     *
     * @param product the product after the command
     * @param alreadyHandled true if the command id had been handled before and nothing was booked now
     */
    public record Result(Product product, boolean alreadyHandled) {
    }
}
