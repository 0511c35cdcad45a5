package dev.eventstore.jdbc;

/**
 * Work done inside one transaction of a {@link JdbcEventStore}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<T> {

    /**
     * @param transaction the transaction: its connection and its appends
     * @return the work's result, returned by {@link JdbcEventStore#inTransaction}
     * @throws Exception to roll the transaction back
     */
    T apply(JdbcTransaction transaction) throws Exception;
}
