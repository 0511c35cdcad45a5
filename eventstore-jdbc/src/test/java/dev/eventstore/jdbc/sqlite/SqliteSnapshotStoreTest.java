package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.contract.SnapshotStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot contract on SQLite's {@code snapshots} table. */
class SqliteSnapshotStoreTest extends SnapshotStoreContract {

    @TempDir
    Path directory;
    private JdbcEventStore store;

    @Override
    protected SnapshotStore createStore() {
        store = JdbcEventStore.sqlite(directory.resolve("snapshots.db")).build();
        return store.snapshotStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
