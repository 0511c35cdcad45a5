package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import java.sql.Connection;

/**
 * A transaction of a {@link JdbcEventStore}: an {@link EventTransaction} (reads, appends, and the
 * store's checkpoint, snapshot and deadline stores joined with {@code within}) plus its database
 * connection, for the application's own statements. All of it commits together or not at all: the
 * way to write a read model, an outbox row or any other row of the same database atomically with
 * events.
 */
public interface JdbcTransaction extends EventTransaction {

    /**
     * @return the transaction's connection. Do not commit, roll back, close it or change its
     *     auto-commit mode: the transaction does that when it ends.
     * @throws IllegalStateException if the transaction has ended, or another thread calls
     */
    Connection connection();
}
