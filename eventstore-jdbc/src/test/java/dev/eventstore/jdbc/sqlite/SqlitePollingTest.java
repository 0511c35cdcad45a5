package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcPollingContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class SqlitePollingTest extends JdbcPollingContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore(Duration pollInterval) {
        return JdbcEventStore.sqlite(directory.resolve("polled.db")).pollInterval(pollInterval).build();
    }
}
