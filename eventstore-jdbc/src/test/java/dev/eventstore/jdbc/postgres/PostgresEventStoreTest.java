package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract suite on PostgreSQL, in the configuration a user gets by default (notifications on):
 * every test gets a store in a fresh schema.
 */
class PostgresEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
