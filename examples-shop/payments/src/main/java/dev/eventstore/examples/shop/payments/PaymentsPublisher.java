package dev.eventstore.examples.shop.payments;

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
 * Publishes the payments service's integration events: a reactor over its internal events that appends the
 * public event of each to the {@value PaymentsContract#CATEGORY} category of the same store, in the
 * reaction's transaction. So each internal event is published exactly once, and the feed, which
 * serves that category straight from the log, has no outbox to relay and nothing to lose between a
 * commit and its publication. An entry keeps the schema version it was written with.
 */
public final class PaymentsPublisher {

    /** The reactor's name, which is also its checkpoint's. */
    public static final String NAME = "payments-publisher";

    private PaymentsPublisher() {
    }

    /**
     * @param store the payments service's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> start(TransactionalEventStore<T> store) {
        return Reactor.builder(NAME, store)
                .filter(EventFilter.category("payment"))
                .retry(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(2)))
                .reaction((event, ctx) -> {
                    PaymentEvent internal = Payments.TYPES.decode(event, PaymentEvent.class).orElseThrow().event();
                    Optional<Object> published = PaymentsContract.toPublic(internal);
                    if (published.isPresent()) {
                        EventData data = PaymentsContract.TYPES.encode(published.get(), ctx.metadata("publish"))
                                .withId(CommandHandler.eventId(ctx.commandId("publish"), 0));
                        ctx.transaction().append(PaymentsContract.stream(internal.paymentId()),
                                ExpectedVersion.any(), List.of(data));
                    }
                })
                .start();
    }
}
