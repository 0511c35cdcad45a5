package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link Reactor reactors} keep their {@link Deadline deadlines}: beside the events, so that
 * scheduling one commits with the reaction that scheduled it, and firing one commits with what it did.
 * Every {@link dev.eventstore.TransactionalEventStore} has one ({@code deadlineStore()}). Implementations
 * are safe for concurrent use and pass the contract suite ({@code DeadlineStoreContract} in core's
 * test-jar).
 */
public interface DeadlineStore {

    /**
     * Schedules a deadline, replacing the one with the same owner and key if there is one.
     *
     * @param deadline the deadline
     * @throws IllegalArgumentException if {@code deadline} is null
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    void schedule(Deadline deadline);

    /**
     * Cancels a deadline.
     *
     * @param owner the reactor's name
     * @param key the deadline's key
     * @return true if a deadline was scheduled under that key and is now gone
     * @throws IllegalArgumentException if a name is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    boolean cancel(String owner, String key);

    /**
     * @param owner the reactor's name
     * @param key the deadline's key
     * @return the deadline scheduled under that key, if any
     * @throws IllegalArgumentException if a name is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Optional<Deadline> find(String owner, String key);

    /**
     * @param owner the reactor's name
     * @param now the current time
     * @param limit the most deadlines to return, at least 1
     * @return the owner's deadlines due at or before {@code now}, earliest first (ties by key)
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    List<Deadline> due(String owner, Instant now, int limit);

    /**
     * @param owner the reactor's name
     * @return when the owner's earliest deadline is due; empty if it has none
     * @throws IllegalArgumentException if {@code owner} is invalid
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Optional<Instant> nextDue(String owner);

    /**
     * Takes a deadline out of the store to fire it: removes it if it is still scheduled exactly as
     * given (same due time). Of two reactors claiming the same deadline at once, one gets true; a
     * deadline cancelled or rescheduled meanwhile gives false. Called inside the transaction of what
     * the firing does, so that the removal and those effects commit together: the deadline fires once.
     *
     * @param deadline a deadline as returned by {@link #due}
     * @return true if this call removed it
     * @throws IllegalArgumentException if {@code deadline} is null
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    boolean claim(Deadline deadline);

    /**
     * This store as seen from inside a transaction: writes through the returned store commit or roll
     * back with {@code transaction}, and reads see them. A store beside the transaction's store joins
     * the transaction; any other returns itself. The default returns this store.
     *
     * @param transaction an open transaction
     * @return a store bound to {@code transaction}, or this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    default DeadlineStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return this;
    }
}
