package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcPollingContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Polling alone, with notifications off: the fallback when they are lost. */
class PostgresPollingTest extends JdbcPollingContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore(Duration pollInterval) {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).pollInterval(pollInterval)
                .notifications(false).build();
    }
}
