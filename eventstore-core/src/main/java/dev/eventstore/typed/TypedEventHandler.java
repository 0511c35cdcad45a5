package dev.eventstore.typed;

/**
 * Handles decoded events; see {@link EventTypes#batchHandler(Class, TypedEventHandler)}, which turns
 * it into a handler for subscriptions and projections.
 *
 * @param <E> the events' class
 */
@FunctionalInterface
public interface TypedEventHandler<E> {

    /**
     * @param event the next decoded event
     * @throws Exception to have the event (with its batch) delivered again, or the subscription
     *     stopped once its retries are used up
     */
    void handle(TypedEvent<E> event) throws Exception;
}
