package dev.eventstore;

import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.reactor.DeadlineStore;
import dev.eventstore.reactor.LeaseStore;
import dev.eventstore.reactor.ParkedEventStore;

/**
 * An event store that groups work into transactions, and keeps the checkpoints, snapshots and
 * deadlines of what runs on it beside its events, so that they can commit with them. Every store of
 * this library is one: in memory, SQLite and PostgreSQL.
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     accounts.within(tx).handle("account-42", new Deposit(amount), EventMetadata.forCommand(requestId));
 *     store.checkpointStore().within(tx).save("payroll-import", line);
 *     return null;
 * });
 * }</pre>
 *
 * <p>This is what makes effects exactly once: a {@link dev.eventstore.reactor.Reactor} or an
 * exactly-once projection writes its effects and moves its checkpoint in one transaction.
 *
 * @param <T> the store's transaction type: {@link EventTransaction}, or a richer one (the JDBC
 *     stores' transactions also hand out their connection)
 */
public interface TransactionalEventStore<T extends EventTransaction> extends EventStore {

    /**
     * Runs {@code work} in one transaction and commits it, or rolls it back if the work throws.
     * Subscriptions of this store are woken once it commits. The transaction is bound to the calling
     * thread; on that thread, the store's own {@code append} and {@code inTransaction} are refused
     * while it runs (they would wait for it): append through the transaction.
     *
     * @param work the work
     * @param <R> what the work returns
     * @return what the work returned
     * @throws IllegalArgumentException if {@code work} is null
     * @throws IllegalStateException if the store is closed, or this thread is already inside a
     *     transaction of this store
     * @throws ConcurrencyConflictException if the database broke a deadlock or refused a
     *     serialization conflict; nothing was committed, and running the work again may succeed
     * @throws RuntimeException what the work threw, unchanged, after the rollback; a checked exception
     *     or a database error is wrapped in an {@link EventStoreException}
     */
    <R> R inTransaction(TransactionWork<? super T, R> work);

    /**
     * Begins a transaction that the caller ends with {@link EventTransaction#commit()} or
     * {@link EventTransaction#close()}: for code that cannot wrap its work in one callback. Prefer
     * {@link #inTransaction}. The same thread rules apply.
     *
     * <pre>{@code
     * try (EventTransaction tx = store.beginTransaction()) {
     *     tx.append(...);
     *     tx.commit();
     * }
     * }</pre>
     *
     * @return the open transaction, bound to the calling thread
     * @throws IllegalStateException if the store is closed, or this thread is already inside a
     *     transaction of this store
     * @throws EventStoreException if the transaction cannot be begun (the database is unreachable, or
     *     SQLite's write lock is held by another process for longer than its busy timeout)
     */
    T beginTransaction();

    /**
     * @return the checkpoints kept beside this store's events; {@code within(tx)} of a transaction of
     *     this store writes them in that transaction
     */
    CheckpointStore checkpointStore();

    /**
     * @return the snapshots kept beside this store's events; {@code within(tx)} of a transaction of
     *     this store writes them in that transaction
     */
    SnapshotStore snapshotStore();

    /**
     * @return the deadlines kept beside this store's events; {@code within(tx)} of a transaction of
     *     this store writes them in that transaction
     */
    DeadlineStore deadlineStore();

    /**
     * @return the events that consumers {@linkplain dev.eventstore.reactor.Poison#PARK parked}, kept
     *     beside this store's events; {@code within(tx)} of a transaction of this store writes them in
     *     that transaction
     */
    ParkedEventStore parkedEventStore();

    /**
     * @return the partition leases of the {@link dev.eventstore.reactor.ConsumerGroup consumer groups}
     *     that run on this store, kept beside its events; {@code within(tx)} of a transaction of this
     *     store reads and writes them in that transaction
     */
    LeaseStore leaseStore();
}
