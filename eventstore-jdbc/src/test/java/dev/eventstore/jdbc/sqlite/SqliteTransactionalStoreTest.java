package dev.eventstore.jdbc.sqlite;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.TransactionalStoreContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions, commands and reactors on SQLite: every test gets a new file; a restart or a second
 * instance opens the same file again.
 */
class SqliteTransactionalStoreTest extends TransactionalStoreContract<JdbcTransaction> {

    @TempDir
    Path directory;

    @Override
    protected TransactionalEventStore<JdbcTransaction> createStore() {
        return openAgain();
    }

    @Override
    protected TransactionalEventStore<JdbcTransaction> openAgain() {
        return JdbcEventStore.sqlite(directory.resolve("events.db")).build();
    }
}
