package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcSnapshotUseContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotUseTest extends JdbcSnapshotUseContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("snapshots.db")).build();
    }
}
