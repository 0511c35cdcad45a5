package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.ArchivedReadContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.AfterAll;

/** The read contracts through export and import, and the import rules, on PostgreSQL (a schema per store). */
class PostgresArchivedReadTest extends ArchivedReadContract {

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
