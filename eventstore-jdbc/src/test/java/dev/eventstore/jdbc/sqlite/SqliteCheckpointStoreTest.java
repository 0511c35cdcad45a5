package dev.eventstore.jdbc.sqlite;

import dev.eventstore.contract.CheckpointStoreContract;
import dev.eventstore.projection.CheckpointStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint contract on SQLite's {@code checkpoints} table. */
class SqliteCheckpointStoreTest extends CheckpointStoreContract {

    @TempDir
    Path directory;
    private SqliteEventStore store;

    @Override
    protected CheckpointStore createStore() {
        store = SqliteEventStore.open(directory.resolve("checkpoints.db"));
        return store.checkpointStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
