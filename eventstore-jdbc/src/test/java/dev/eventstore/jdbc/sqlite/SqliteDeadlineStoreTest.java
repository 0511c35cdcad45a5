package dev.eventstore.jdbc.sqlite;

import dev.eventstore.contract.DeadlineStoreContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.reactor.DeadlineStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The deadline contract on SQLite's {@code deadlines} table. */
class SqliteDeadlineStoreTest extends DeadlineStoreContract {

    @TempDir
    Path directory;
    private JdbcEventStore store;

    @Override
    protected DeadlineStore createStore() {
        store = JdbcEventStore.sqlite(directory.resolve("deadlines.db")).build();
        return store.deadlineStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
