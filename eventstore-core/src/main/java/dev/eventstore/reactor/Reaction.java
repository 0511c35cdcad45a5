package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;
import dev.eventstore.RecordedEvent;

/**
 * What a {@link Reactor} does with one event: handle commands on this store's streams, schedule or
 * cancel deadlines, call another service. Called on the reactor's thread, in position order.
 *
 * <p>Everything done through the {@link ReactionContext} that touches this store (commands, appends,
 * deadlines, reads and writes on its transaction) commits in one transaction with the reactor's
 * checkpoint: exactly once. Anything else (an HTTP call to another service) happens at least once: a
 * reaction that fails, or a process that crashes before the checkpoint commits, reacts to the event
 * again. Key such effects with {@link ReactionContext#commandId(String)}, which is the same every
 * time, so that the receiver can recognise a repeat.
 *
 * @param <T> the store's transaction type
 */
@FunctionalInterface
public interface Reaction<T extends EventTransaction> {

    /**
     * @param event the event, one the reactor's filter lets through
     * @param context the reaction's commands, deadlines and transaction
     * @throws Exception to have the event reacted to again after a back-off (nothing of this attempt is
     *     committed), or the reactor stopped once its retries are used up
     */
    void react(RecordedEvent event, ReactionContext<T> context) throws Exception;
}
