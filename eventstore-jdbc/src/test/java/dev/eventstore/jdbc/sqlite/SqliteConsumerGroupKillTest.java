package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.ConsumerGroupKillContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A consumer group of processes on one SQLite file, a member killed and one added. */
class SqliteConsumerGroupKillTest extends ConsumerGroupKillContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("group.db")).build();
    }

    @Override
    protected List<String> memberArguments() {
        return List.of("sqlite", directory.resolve("group.db").toString());
    }

    @Override
    protected String backend() {
        return "SQLite";
    }

    @Override
    protected String createHandled(String table) {
        return "CREATE TABLE " + table + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, position BIGINT NOT NULL, "
                + "stream_id TEXT NOT NULL, version BIGINT NOT NULL, member TEXT NOT NULL)";
    }
}
