package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcSnapshotUseContract;
import org.junit.jupiter.api.AfterAll;

class PostgresSnapshotUseTest extends JdbcSnapshotUseContract {

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
