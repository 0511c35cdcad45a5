package dev.eventstore.examples.bank;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The bank on SQLite: a file of its own for each test. */
class SqliteBankTest extends BankContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.sqlite(directory.resolve("bank.db")).build();
    }
}
