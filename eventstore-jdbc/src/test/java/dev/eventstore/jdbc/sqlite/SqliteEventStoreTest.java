package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on SQLite: every test gets a store in a new file. */
class SqliteEventStoreTest extends EventStoreContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.sqlite(directory.resolve("events.db")).build();
    }
}
