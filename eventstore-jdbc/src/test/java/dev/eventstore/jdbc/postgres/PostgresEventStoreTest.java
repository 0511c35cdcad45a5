package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on PostgreSQL: every test gets a store in a fresh schema. */
class PostgresEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return PostgresEventStore.builder(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
