package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcPollingContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** Polling alone, with notifications off: the fallback when they are lost. */
class PostgresPollingTest extends JdbcPollingContract {

    private String schema;

    @BeforeEach
    void newSchema() {
        PostgresDatabase.assumeAvailable();
        schema = PostgresDatabase.newSchema();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Override
    protected JdbcEventStore openStore(Duration pollInterval) {
        return PostgresEventStore.builder(PostgresDatabase.pool()).schema(schema).pollInterval(pollInterval)
                .notifications(false).build();
    }
}
