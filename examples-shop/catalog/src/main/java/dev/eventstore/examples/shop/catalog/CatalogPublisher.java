package dev.eventstore.examples.shop.catalog;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.reactor.Reactor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Publishes the catalog's integration events: a reactor over its internal events that appends the
 * public event of each to the {@value CatalogContract#CATEGORY} category of the same store, in the
 * reaction's transaction. So each internal event is published exactly once, and the feed, which
 * serves that category straight from the log, has no outbox to relay and nothing to lose between a
 * commit and its publication. An entry keeps the schema version it was written with.
 */
public final class CatalogPublisher {

    /** The reactor's name, which is also its checkpoint's. */
    public static final String NAME = "catalog-publisher";

    private CatalogPublisher() {
    }

    /**
     * @param store the catalog's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> start(TransactionalEventStore<T> store) {
        return Reactor.builder(NAME, store)
                .filter(EventFilter.category("product"))
                .retry(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(2)))
                .reaction((event, ctx) -> {
                    ProductEvent internal = Catalog.TYPES.decode(event, ProductEvent.class).orElseThrow().event();
                    Optional<Object> published = CatalogContract.toPublic(internal);
                    if (published.isPresent()) {
                        EventData data = CatalogContract.TYPES.encode(published.get(), ctx.metadata("publish"))
                                .withId(CommandHandler.eventId(ctx.commandId("publish"), 0));
                        ctx.transaction().append(CatalogContract.stream(internal.sku()),
                                ExpectedVersion.any(), List.of(data));
                    }
                })
                .start();
    }
}
