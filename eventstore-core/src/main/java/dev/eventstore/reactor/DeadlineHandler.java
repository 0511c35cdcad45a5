package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;

/**
 * What a {@link Reactor} does when one of its {@link Deadline deadlines} is due. The deadline is taken
 * out of its store in the same transaction as what the handler does through its
 * {@link ReactionContext}, so it fires once; if the handler throws, nothing of it is committed and it
 * fires again after a back-off.
 *
 * @param <T> the store's transaction type
 */
@FunctionalInterface
public interface DeadlineHandler<T extends EventTransaction> {

    /**
     * @param deadline the deadline that is due
     * @param context the firing's commands, deadlines and transaction (already open)
     * @throws Exception to fire again after a back-off, or stop the reactor once the retries are used up
     */
    void fire(Deadline deadline, ReactionContext<T> context) throws Exception;
}
