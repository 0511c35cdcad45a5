package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.jdbc.internal.TableSql;
import dev.eventstore.jdbc.internal.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the checkpoint, snapshot and deadline tables of a store share: they run their statements on a
 * connection of the pool (auto-commit), or, once joined to a transaction of the same store with
 * {@code within}, on that transaction's connection.
 */
abstract class SideTable {

    private final JdbcEventStore store;
    private final Transaction transaction;

    SideTable(JdbcEventStore store, Transaction transaction) {
        this.store = store;
        this.transaction = transaction;
    }

    /**
     * @param transaction a transaction
     * @return the transaction, if it is one of this table's store; null otherwise
     */
    final Transaction joinable(EventTransaction transaction) {
        Args.notNull("transaction", transaction);
        return transaction instanceof Transaction jdbc && jdbc.store() == store ? jdbc : null;
    }

    /** @return true if this table writes in a transaction of its store */
    final boolean joined() {
        return transaction != null;
    }

    final JdbcEventStore store() {
        return store;
    }

    final TableSql sql() {
        return store.dialect().tables();
    }

    final Timestamps timestamps() {
        return store.dialect().timestamps();
    }

    /** Runs statements on the joined transaction's connection, or on one of the pool. */
    final <T> T run(String what, JdbcEventStore.ConnectionWork<T> work) {
        Dialect dialect = store.dialect();
        if (transaction == null) {
            return store.read(what + " in " + dialect.where(), work);
        }
        transaction.checkUsable();
        try {
            return work.run(transaction.rawConnection());
        } catch (SQLException e) {
            throw dialect.translate(what + " in " + dialect.where(), e);
        }
    }

    /** @return the joined transaction's connection; for statements that must run in it */
    final Connection connection() {
        transaction.checkUsable();
        return transaction.rawConnection();
    }
}
