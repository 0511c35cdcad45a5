package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.jdbc.JdbcScavengeContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The stream lifecycle contract and the space a scavenge gives back, on PostgreSQL: every test gets a store in a fresh schema. */
class PostgresStreamLifecycleTest implements JdbcScavengeContract {

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
