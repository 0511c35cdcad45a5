package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where consumers keep the events they {@linkplain Poison#PARK parked}: beside the events, so that
 * parking an event commits in one transaction with the checkpoint that moves past it. Every
 * {@link dev.eventstore.TransactionalEventStore} has one ({@code parkedEventStore()}); it lives as long
 * as the store's storage (a restarted consumer finds its parked events again). Implementations are
 * safe for concurrent use and pass the contract suite ({@code ParkedEventsContract} in core's test-jar).
 *
 * <p>Most users never call it: {@link ParkedEvents} lists, retries and skips. A consumer's events are
 * keyed by their position: one row per consumer and position.
 */
public interface ParkedEventStore {

    /**
     * Records a parked event, replacing the one of the same consumer and position if there is one.
     *
     * @param event the event
     * @throws IllegalArgumentException if {@code event} is null
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    void park(ParkedEvent event);

    /**
     * @param consumer the consumer's name
     * @return its parked events, by position
     * @throws IllegalArgumentException if {@code consumer} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    List<ParkedEvent> list(String consumer);

    /**
     * @param consumer the consumer's name
     * @param position a position
     * @return the event the consumer parked at that position, if any
     * @throws IllegalArgumentException if {@code consumer} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Optional<ParkedEvent> find(String consumer, long position);

    /**
     * The parked events of one stream, by position: empty if the stream is not parked. Joined to a
     * transaction ({@link #within}), the call holds these rows until the transaction ends, so that who
     * parks one more event of the stream and who releases the stream take turns.
     *
     * @param consumer the consumer's name
     * @param streamId the stream
     * @return the stream's parked events, the failed one first
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    List<ParkedEvent> stream(String consumer, String streamId);

    /**
     * @param consumer the consumer's name
     * @return the streams that have a parked event of the consumer
     * @throws IllegalArgumentException if {@code consumer} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Set<String> streams(String consumer);

    /**
     * @param consumer the consumer's name
     * @param position the position
     * @return true if an event was parked there and is now gone
     * @throws IllegalArgumentException if {@code consumer} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    boolean remove(String consumer, long position);

    /**
     * This store as seen from inside a transaction: writes through the returned store commit or roll
     * back with {@code transaction}, and reads see them. A store beside the transaction's store joins
     * the transaction; any other returns itself. The default returns this store.
     *
     * @param transaction an open transaction
     * @return a store bound to {@code transaction}, or this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    default ParkedEventStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return this;
    }

    /**
     * @param consumer a consumer's name, checked as every method here checks it
     * @return the name
     * @throws IllegalArgumentException if it is null, blank, longer than 200 characters or has control
     *     characters
     */
    static String checkConsumer(String consumer) {
        return Args.name("consumer", consumer, 200);
    }
}
