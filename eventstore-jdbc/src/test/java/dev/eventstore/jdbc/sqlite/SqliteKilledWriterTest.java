package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.KilledWriterContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed mid-append, on one SQLite file (WAL, synchronous=FULL, the default). */
class SqliteKilledWriterTest extends KilledWriterContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("killed.db")).build();
    }

    @Override
    protected List<String> writerArguments() {
        return List.of("sqlite", directory.resolve("killed.db").toString());
    }

    @Override
    protected String backend() {
        return "SQLite";
    }
}
