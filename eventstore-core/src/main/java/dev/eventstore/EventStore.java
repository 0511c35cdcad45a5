package dev.eventstore;

/**
 * An event store: append-only streams with optimistic concurrency, a global log in position order,
 * queries by type and tag, conditional appends, and catch-up subscriptions.
 *
 * <p>Every implementation keeps the same promises, checked by one contract test suite: those of
 * {@link EventWriter} (atomicity, expected versions, idempotency, conditions), of {@link EventReader}
 * (lazy paging, the position invariant), and of {@link Subscription} (order, no skipped event,
 * retries). Implementations are safe for concurrent use by any number of threads.
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore()) {
 *     store.append("account-42", ExpectedVersion.noStream(),
 *             List.of(EventData.of("AccountOpened", "{\"holder\":\"John Jones\"}")));
 *     store.readStream("account-42").forEach(System.out::println);
 * }
 * }</pre>
 */
public interface EventStore extends EventReader, EventWriter, AutoCloseable {

    /**
     * Starts a catch-up subscription that hands events to {@code handler} one at a time.
     *
     * <p>With {@link SubscriptionOptions.Builder#onPoison onPoison(Poison.PARK)}, an event the handler
     * keeps failing on is parked in the store and the subscription goes on; see
     * {@link Subscription#parkedEvents()}.
     *
     * @param options what to deliver and how
     * @param handler called on the subscription's thread for each event
     * @return the running subscription
     * @throws IllegalArgumentException if an argument is null, or the options park poison events and
     *     this store keeps no parked events (it is no {@link TransactionalEventStore})
     * @throws IllegalStateException if the store is closed
     * @throws EventStoreException if the options park poison events and the parked events cannot be read
     */
    Subscription subscribe(SubscriptionOptions options, EventHandler handler);

    /**
     * Starts a catch-up subscription from {@code afterPosition}, with the default options.
     *
     * @param filter which events to deliver
     * @param afterPosition deliver only events above this position; 0 for the whole log
     * @param handler called on the subscription's thread for each event
     * @return the running subscription
     * @throws IllegalArgumentException if an argument is null or the position negative
     * @throws IllegalStateException if the store is closed
     */
    default Subscription subscribe(EventFilter filter, long afterPosition, EventHandler handler) {
        return subscribe(SubscriptionOptions.of(filter, afterPosition), handler);
    }

    /**
     * Starts a catch-up subscription that hands events to {@code handler} a batch at a time; a failed
     * batch is delivered again whole.
     *
     * @param options what to deliver and how; {@link SubscriptionOptions#batchSize()} bounds a batch
     * @param handler called on the subscription's thread for each batch
     * @return the running subscription
     * @throws IllegalArgumentException if an argument is null, or the options park poison events
     *     ({@link dev.eventstore.reactor.Poison#PARK}): a batch's failure names no single event to park
     * @throws IllegalStateException if the store is closed
     */
    Subscription subscribeBatches(SubscriptionOptions options, EventBatchHandler handler);

    /**
     * Closes the store: stops its subscriptions and releases what it holds (connections, threads).
     * Calls after closing fail with {@link IllegalStateException}. Closing twice is harmless.
     */
    @Override
    void close();
}
