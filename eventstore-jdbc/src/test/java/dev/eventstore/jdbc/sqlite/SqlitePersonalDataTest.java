package dev.eventstore.jdbc.sqlite;

import dev.eventstore.EventStore;
import dev.eventstore.contract.PersonalDataContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.SubjectKeyStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Crypto-shredding on SQLite: the events and the {@code subject_keys} table in one file. */
class SqlitePersonalDataTest extends PersonalDataContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.sqlite(directory.resolve("personal.db")).build();
    }

    @Override
    protected SubjectKeyStore keysOf(EventStore store) {
        return ((JdbcEventStore) store).subjectKeyStore();
    }
}
