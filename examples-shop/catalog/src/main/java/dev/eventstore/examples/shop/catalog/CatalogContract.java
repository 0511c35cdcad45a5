package dev.eventstore.examples.shop.catalog;

import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Publisher;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The catalog's public contract: the integration events other services may read from its feed. Each
 * type and version has a published example in {@code src/main/contract/<Type>.v<version>.json}.
 */
public final class CatalogContract {

    /** The name of the reactor that publishes the contract, which is also its checkpoint's. */
    public static final String PUBLISHER = "catalog-publisher";

    /** The feed's {@code source}. */
    public static final String SOURCE = "catalog";

    /** The category of the streams holding the published events, which the feed serves. */
    public static final String CATEGORY = "public";

    /** The registry of the public events, at their current versions. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register(ProductListed.class)
            .register(PriceChanged.class)
            .build();

    private CatalogContract() {
    }

    /**
     * @param event an internal event
     * @return what is published for it
     */
    public static Optional<Object> toPublic(ProductEvent event) {
        if (event instanceof ProductEvent.ProductListed e) {
            return Optional.of(new ProductListed(e.sku(), e.name(), e.price()));
        }
        if (event instanceof ProductEvent.PriceChanged e) {
            return Optional.of(new PriceChanged(e.sku(), e.price()));
        }
        return Optional.empty();
    }

    /**
     * @param sku the product an event is about
     * @return the stream its public events go to
     */
    public static String stream(String sku) {
        return CATEGORY + "-product-" + sku;
    }

    /**
     * Starts publishing the contract: a {@link Publisher} maps each internal event to its public event
     * in the transaction of its checkpoint, so each is published once, with no outbox.
     *
     * @param store the catalog's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> publish(TransactionalEventStore<T> store) {
        return Publisher.builder(PUBLISHER, store, Catalog.TYPES, ProductEvent.class)
                .filter(EventFilter.category("product"))
                .publish(CatalogContract::toPublic, event -> stream(event.sku()))
                .contract(TYPES)
                .retry(Catalog.RETRY)
                .start();
    }

    /**
     * A product is on sale.
     *
     * @param sku its code
     * @param name its name
     * @param price its price
     */
    @EventType(name = "ProductListed")
    public record ProductListed(String sku, String name, BigDecimal price) {
    }

    /**
     * A product's price changed.
     *
     * @param sku the product
     * @param price the new price
     */
    @EventType(name = "PriceChanged")
    public record PriceChanged(String sku, BigDecimal price) {
    }
}
