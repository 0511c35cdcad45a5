package dev.eventstore;

/**
 * One atomic unit of work on a {@link TransactionalEventStore}: reads, appends, and the writes of
 * checkpoint, snapshot and deadline stores joined to it (see
 * {@link dev.eventstore.projection.CheckpointStore#within}) commit together or not at all.
 *
 * <h2>What it sees</h2>
 * Appends follow every rule of {@link EventWriter#append}; they become visible to other readers and
 * subscriptions when the transaction commits. Reads see what other transactions committed, and the
 * transaction's own appends in reads of streams and by id ({@link #readStream}, {@link #readEvent},
 * {@link #streamVersion}). Reads of the log in position order ({@link #read}, {@link #headPosition})
 * keep the position invariant and so may not show this transaction's own appends before it commits
 * (a store whose writers run concurrently does not).
 *
 * <h2>Ending it</h2>
 * A transaction handed to {@link TransactionalEventStore#inTransaction} is ended by that method: it
 * commits when the work returns and rolls back when it throws; {@link #commit()} and {@link #close()}
 * are refused there. One from {@link TransactionalEventStore#beginTransaction()} is ended by its
 * caller: {@link #commit()}, or {@link #close()} to roll back (closing a committed transaction does
 * nothing), typically in a try-with-resources block. Either kind is bound to the thread that began
 * it, and unusable once ended: every call then throws {@link IllegalStateException}, and so does
 * consuming a lazy read after the end.
 */
public interface EventTransaction extends EventReader, EventWriter, AutoCloseable {

    /**
     * Runs {@code action} after this transaction has committed, on the committing thread, in the order
     * registered; never if it rolls back. An action that throws is logged, and the others still run.
     *
     * @param action what to do once the transaction's effects are durable and visible
     * @throws IllegalArgumentException if {@code action} is null
     * @throws IllegalStateException if the transaction has ended
     */
    void afterCommit(Runnable action);

    /**
     * Commits a transaction begun with {@link TransactionalEventStore#beginTransaction()}.
     *
     * @throws IllegalStateException if the transaction has ended, or is run by
     *     {@link TransactionalEventStore#inTransaction}
     * @throws ConcurrencyConflictException if the database refused the commit because of a concurrent
     *     transaction; nothing was committed, and running the work again may succeed
     * @throws EventStoreException if the commit failed; nothing was committed
     */
    void commit();

    /**
     * Rolls back a transaction begun with {@link TransactionalEventStore#beginTransaction()} unless it
     * has committed; harmless when it has ended.
     *
     * @throws IllegalStateException if the transaction is run by
     *     {@link TransactionalEventStore#inTransaction}
     */
    @Override
    void close();
}
