package dev.eventstore.projection;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;

/**
 * Named positions in the global log: where each projection or subscription has got to. A position
 * is one number because of the store's position invariant: everything after it is the whole rest of
 * the log. Implementations are safe for concurrent use and pass the contract suite
 * ({@code CheckpointStoreContract} in core's test-jar).
 */
public interface CheckpointStore {

    /** The longest checkpoint name, in characters. */
    int MAX_NAME_LENGTH = 200;

    /**
     * @param name the checkpoint's name, typically the projection's
     * @return the saved position; 0 (the start of the log) if none was saved
     * @throws IllegalArgumentException if {@code name} is null, blank, longer than
     *     {@value #MAX_NAME_LENGTH} characters or holds control characters or an unpaired surrogate
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    long load(String name);

    /**
     * Saves a position, replacing the one saved before, whether higher or lower (a rebuild moves a
     * checkpoint back to 0).
     *
     * @param name the checkpoint's name
     * @param position the position of the last event handled; 0 for none
     * @throws IllegalArgumentException if {@code name} is invalid or {@code position} negative
     * @throws dev.eventstore.EventStoreException if the store cannot write
     */
    void save(String name, long position);

    /**
     * This store as seen from inside a transaction: positions saved through the returned store commit
     * or roll back with {@code transaction}, and loads see its uncommitted saves. A store that keeps its
     * checkpoints beside the transaction's store (that store's own
     * {@link dev.eventstore.TransactionalEventStore#checkpointStore()}, or one in the same database)
     * joins the transaction; any other returns itself, and its saves take effect at once, whatever
     * becomes of the transaction. The default returns this store.
     *
     * @param transaction an open transaction
     * @return a store bound to {@code transaction}, or this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    default CheckpointStore within(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return this;
    }

    /**
     * Checks a checkpoint name for implementations.
     *
     * @param name the name
     * @return {@code name}
     * @throws IllegalArgumentException if it is null, blank, too long, or holds control characters or an
     *     unpaired surrogate
     */
    static String checkName(String name) {
        return Args.name("name", name, MAX_NAME_LENGTH);
    }
}
