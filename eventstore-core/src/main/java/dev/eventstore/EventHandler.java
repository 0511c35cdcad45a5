package dev.eventstore;

/**
 * Handles the events a {@link Subscription} delivers, one at a time, in position order, on the
 * subscription's own thread.
 *
 * <p>If {@link #handle} throws, the same event is delivered again after a back-off, as the
 * subscription's {@link RetryPolicy} says; when the attempts are used up the subscription stops with
 * the error. It never moves past an event whose handler failed. Delivery is at least once: after a
 * restart from a stored checkpoint, events handled after that checkpoint was saved come again, so a
 * handler should be idempotent or store its checkpoint with its effects.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * @param event the next event
     * @throws Exception to have the event delivered again, or the subscription stopped once its retries
     *     are used up
     */
    void handle(RecordedEvent event) throws Exception;
}
