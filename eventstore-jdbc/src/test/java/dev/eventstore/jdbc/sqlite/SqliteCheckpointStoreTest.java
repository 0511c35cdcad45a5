package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.contract.CheckpointStoreContract;
import dev.eventstore.projection.CheckpointStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint contract on SQLite's {@code checkpoints} table. */
class SqliteCheckpointStoreTest extends CheckpointStoreContract {

    @TempDir
    Path directory;
    private JdbcEventStore store;

    @Override
    protected CheckpointStore createStore() {
        store = JdbcEventStore.sqlite(directory.resolve("checkpoints.db")).build();
        return store.checkpointStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
