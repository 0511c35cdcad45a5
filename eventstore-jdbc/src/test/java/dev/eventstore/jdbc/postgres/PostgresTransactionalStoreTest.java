package dev.eventstore.jdbc.postgres;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.TransactionalStoreContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactions, commands and reactors on PostgreSQL: every test gets a fresh schema; a restart or a
 * second instance opens the same schema again.
 */
class PostgresTransactionalStoreTest extends TransactionalStoreContract<JdbcTransaction> {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected TransactionalEventStore<JdbcTransaction> createStore() {
        return openAgain();
    }

    @Override
    protected TransactionalEventStore<JdbcTransaction> openAgain() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }
}
