package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.BlueGreenProjectionContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBlueGreenProjectionTest extends BlueGreenProjectionContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("blue-green.db")).build();
    }
}
