package dev.eventstore;

/**
 * Work done inside one transaction of a {@link TransactionalEventStore}.
 *
 * @param <T> the store's transaction type
 * @param <R> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<T, R> {

    /**
     * @param transaction the transaction: its reads, its appends, and whatever the store adds to it
     * @return the work's result, returned by {@link TransactionalEventStore#inTransaction}
     * @throws Exception to roll the transaction back
     */
    R apply(T transaction) throws Exception;
}
