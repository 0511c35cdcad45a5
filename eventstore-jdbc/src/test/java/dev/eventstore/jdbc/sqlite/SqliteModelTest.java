package dev.eventstore.jdbc.sqlite;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.model.ModelBasedContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The model-based histories on SQLite: every history gets a new file. */
class SqliteModelTest extends ModelBasedContract {

    @TempDir
    Path directory;

    @Override
    protected TransactionalEventStore<?> createStore() {
        return JdbcEventStore.sqlite(directory.resolve(UUID.randomUUID() + ".db")).build();
    }

    @Override
    protected String backend() {
        return "SQLite";
    }
}
