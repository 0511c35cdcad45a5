package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.ArchiveRemovalContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.AfterAll;

/** Archiving on PostgreSQL, a schema per store. */
class PostgresArchiveRemovalTest extends ArchiveRemovalContract {

    @Override
    protected JdbcEventStore newStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
