package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransactionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTransactionTest extends JdbcTransactionContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("transactions.db")).build();
    }

    @Override
    protected String table() {
        return "outbox";
    }
}
