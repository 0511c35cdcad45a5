package dev.eventstore.jdbc.sqlite;

import dev.eventstore.EventStore;
import dev.eventstore.contract.PersonalDataContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.SubjectKeysInTransactionsContract;
import dev.eventstore.typed.SubjectKeyStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Crypto-shredding on SQLite: the events and the {@code subject_keys} table in one file. */
class SqlitePersonalDataTest extends PersonalDataContract implements SubjectKeysInTransactionsContract {

    private JdbcEventStore made;

    @TempDir
    Path directory;

    @Override
    protected EventStore createStore() {
        made = JdbcEventStore.sqlite(directory.resolve("personal.db")).build();
        return made;
    }

    @Override
    public JdbcEventStore store() {
        return made;
    }

    @Override
    protected SubjectKeyStore keysOf(EventStore store) {
        return ((JdbcEventStore) store).subjectKeyStore();
    }
}
