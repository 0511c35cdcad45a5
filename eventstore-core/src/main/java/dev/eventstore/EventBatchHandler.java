package dev.eventstore;

import java.util.List;

/**
 * Handles the events a {@link Subscription} delivers a batch at a time: for handlers that commit work
 * per batch, such as a projection that writes its rows and its checkpoint in one transaction.
 *
 * <p>Batches come in position order and hold at most {@link SubscriptionOptions#batchSize()} events.
 * If {@link #handle} throws, the whole batch is delivered again after a back-off, as the
 * subscription's {@link RetryPolicy} says; when the attempts are used up the subscription stops with
 * the error. A handler that retries by itself may stop the subscription at once by throwing a
 * {@link SubscriptionFailedException} of its own, naming the event it failed on.
 */
@FunctionalInterface
public interface EventBatchHandler {

    /**
     * @param events the next events, at least one, in ascending position; an unmodifiable list
     * @throws Exception to have the batch delivered again, or the subscription stopped once its
     *     retries are used up
     */
    void handle(List<RecordedEvent> events) throws Exception;
}
