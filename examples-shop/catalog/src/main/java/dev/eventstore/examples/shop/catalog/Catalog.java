package dev.eventstore.examples.shop.catalog;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventStore;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.shop.catalog.ProductCommand.ChangePrice;
import dev.eventstore.examples.shop.catalog.ProductCommand.ListProduct;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The catalog's use cases over its own store: list products, change prices, read them. */
public final class Catalog {

    private static final BigDecimal MAX_PRICE = new BigDecimal("100000.00");

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
        checkCommandId(commandId);
        checkSku(sku);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidFieldException("name", "name must be 1 to 200 characters, was: "
                    + (name == null ? "null" : "'" + name + "'"));
        }
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
        checkCommandId(commandId);
        checkSku(sku);
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
        checkSku(sku);
        Product product = products.load(stream(sku)).state();
        if (!product.listed()) {
            throw new ResourceNotFoundException("no product " + sku);
        }
        return product;
    }

    /** @return every product, by SKU */
    public List<Product> products() {
        Map<String, Product> all = new TreeMap<>();
        ProductDecider decider = new ProductDecider();
        try (Stream<RecordedEvent> events = store.readCategory("product", 0, Long.MAX_VALUE)) {
            events.forEach(recorded -> {
                ProductEvent event = TYPES.decode(recorded, ProductEvent.class).orElseThrow().event();
                all.put(event.sku(), decider.evolve(all.getOrDefault(event.sku(), Product.NONE), event));
            });
        }
        return new ArrayList<>(all.values());
    }

    static void checkCommandId(String commandId) {
        if (commandId == null || commandId.isBlank() || commandId.length() > 200) {
            throw new InvalidFieldException("commandId", "commandId must be 1 to 200 characters, was: "
                    + (commandId == null ? "null" : "'" + commandId + "'"));
        }
    }

    static void checkSku(String sku) {
        if (sku == null || !sku.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new InvalidFieldException("sku", "sku must be 1 to 40 letters, digits, '-', '_' or '.', was: "
                    + (sku == null ? "null" : "'" + sku + "'"));
        }
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
