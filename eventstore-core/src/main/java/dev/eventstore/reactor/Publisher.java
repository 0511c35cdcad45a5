package dev.eventstore.reactor;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.internal.Args;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes a service's integration events: a {@link Reactor} that follows the service's internal
 * events and, for each one, appends the public event it maps to (if any) to a stream of the same store,
 * in the transaction that commits the reactor's checkpoint. Other services read those streams as a feed
 * (eventstore-http's {@code FeedPublisher} serves them straight from the log): no outbox, no relay, and
 * nothing lost between an internal event's commit and its publication.
 *
 * <pre>{@code
 * Reactor<JdbcTransaction> publisher = Publisher.builder("payments-publisher", store, Payments.TYPES, PaymentEvent.class)
 *         .filter(EventFilter.category("payment"))                      // the internal events
 *         .publish(PaymentsContract::toPublic,                          // PaymentEvent -> Optional<public event>
 *                 event -> "public-payment-" + event.paymentId())       // the public stream
 *         .contract(PaymentsContract.TYPES)                             // encodes the public events
 *         .start();
 * }</pre>
 *
 * <h2>Once, and only what is mapped</h2>
 * The internal events stay private: only what the mapping returns is published, encoded with the
 * contract's registry (its own type names and schema versions). Each public event commits with the
 * reactor's checkpoint, so it is published once across crashes. Its id is derived from the internal
 * event's (through {@link ReactionContext#commandId(String)}), so that a publisher moved back (a
 * {@link Reactor.Builder#rebuild()} of a reactor of the same name, a checkpoint saved lower) publishes
 * nothing twice: the store's idempotency rule answers the repeated append with the first. Its metadata
 * names the internal event as its cause.
 *
 * <p>A mapping that throws, or an internal event that cannot be decoded, is retried as the
 * {@link Builder#retry retry policy} says, and then stops the publisher with the error visible
 * ({@link Reactor#failure()}); it never publishes past an event it could not map.
 */
public final class Publisher {

    /** The key of each reaction's command id, from which the public event's id derives. */
    private static final String KEY = "publish";

    private Publisher() {
    }

    /** Encodes a public event for the store. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * @param published the public event, as the mapping returned it
         * @param metadata its metadata: its cause, the internal event
         * @return the event to append; its id is replaced with the one the publisher derives
         */
        EventData encode(Object published, EventMetadata metadata);
    }

    /**
     * @param name the reactor's name: its checkpoint's name, and the root of the public events' ids;
     *     1 to 100 characters, no control characters
     * @param store the service's store: the internal events are read from it, the public ones appended
     *     to it
     * @param internal the registry that decodes the internal events
     * @param internalType the class of the internal events, typically a sealed interface
     * @param <T> the store's transaction type
     * @param <E> the class of the internal events
     * @return a builder: the filter, the mapping and the contract are still to be given; the reactor's
     *     default retry policy
     * @throws IllegalArgumentException if an argument is null or the name invalid
     */
    public static <T extends EventTransaction, E> Builder<T, E> builder(String name, TransactionalEventStore<T> store,
            EventTypes internal, Class<E> internalType) {
        return new Builder<>(Reactor.builder(name, store), Args.notNull("internal", internal),
                Args.notNull("internalType", internalType));
    }

    /**
     * Builds and starts a publisher; each setter checks its value at once.
     *
     * @param <T> the store's transaction type
     * @param <E> the class of the internal events
     */
    public static final class Builder<T extends EventTransaction, E> {
        private final Reactor.Builder<T> reactor;
        private final EventTypes internal;
        private final Class<E> internalType;
        private boolean filtered;
        private Function<? super E, ? extends Optional<?>> toPublic;
        private Function<? super E, String> stream;
        private Encoder encoder;

        private Builder(Reactor.Builder<T> reactor, EventTypes internal, Class<E> internalType) {
            this.reactor = reactor;
            this.internal = internal;
            this.internalType = internalType;
        }

        /**
         * @param filter the internal events, such as {@code EventFilter.category("payment")}; required. It
         *     must not take in the public streams the publisher appends to, whose type names may be
         *     those of internal events.
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T, E> filter(EventFilter filter) {
            reactor.filter(Args.notNull("filter", filter));
            filtered = true;
            return this;
        }

        /**
         * @param toPublic maps an internal event to the public event published for it; empty to publish
         *     nothing for it
         * @param stream the stream the public event of an internal event is appended to, such as
         *     {@code "public-payment-" + event.paymentId()}
         * @return this builder
         * @throws IllegalArgumentException if an argument is null
         */
        public Builder<T, E> publish(Function<? super E, ? extends Optional<?>> toPublic,
                Function<? super E, String> stream) {
            this.toPublic = Args.notNull("toPublic", toPublic);
            this.stream = Args.notNull("stream", stream);
            return this;
        }

        /**
         * @param contract the registry of the public events, which encodes them at their current
         *     versions; this or {@link #encoder} is required
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T, E> contract(EventTypes contract) {
            Args.notNull("contract", contract);
            this.encoder = contract::encode;
            return this;
        }

        /**
         * @param encoder encodes the public events, for a contract that a registry alone does not write
         *     (an event still written at an older version during a roll-out); this or {@link #contract}
         *     is required
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T, E> encoder(Encoder encoder) {
            this.encoder = Args.notNull("encoder", encoder);
            return this;
        }

        /**
         * @param retry how a failing mapping or append is retried before the publisher stops (default
         *     {@link RetryPolicy#defaults()})
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T, E> retry(RetryPolicy retry) {
            reactor.retry(retry);
            return this;
        }

        /**
         * @param interval how long the checkpoint of internal events that publish nothing may wait to
         *     be saved; see {@link Reactor.Builder#checkpointInterval(java.time.Duration)} (default zero:
         *     after every batch)
         * @return this builder
         * @throws IllegalArgumentException if null, negative or above one hour
         */
        public Builder<T, E> checkpointInterval(java.time.Duration interval) {
            reactor.checkpointInterval(interval);
            return this;
        }

        /**
         * Starts the publisher after its checkpoint.
         *
         * @return the running publisher, a reactor; close it before the store
         * @throws IllegalStateException if the filter, the mapping or the contract is missing, or the store
         *     is closed
         */
        public Reactor<T> start() {
            if (!filtered || toPublic == null || encoder == null) {
                throw new IllegalStateException("a publisher needs "
                        + (!filtered ? "filter(...), " : "") + (toPublic == null ? "publish(...), " : "")
                        + (encoder == null ? "contract(...) or encoder(...), " : "") + "before it starts");
            }
            Function<? super E, ? extends Optional<?>> mapping = toPublic;
            Function<? super E, String> streams = stream;
            Encoder encoding = encoder;
            return reactor.reaction((event, ctx) -> {
                Optional<E> decoded = internal.decode(event, internalType).map(typed -> typed.event());
                if (decoded.isEmpty()) {
                    return; // a type the registry skips
                }
                Optional<?> published = mapping.apply(decoded.get());
                if (published == null) {
                    throw new IllegalStateException("the mapping returned null, not an Optional, for " + event);
                }
                if (published.isPresent()) {
                    EventData data = encoding.encode(published.get(), ctx.metadata(KEY))
                            .withId(CommandHandler.eventId(ctx.commandId(KEY), 0));
                    ctx.transaction().append(streams.apply(decoded.get()), ExpectedVersion.any(), List.of(data));
                }
            }).start();
        }
    }
}
