package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.StreamLifecycleContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The stream lifecycle contract on PostgreSQL: every test gets a store in a fresh schema. */
class PostgresStreamLifecycleTest implements StreamLifecycleContract {

    private JdbcEventStore store;

    @BeforeEach
    void open() {
        store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Override
    public EventStore store() {
        return store;
    }
}
