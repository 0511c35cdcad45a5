package dev.eventstore.jdbc.sqlite;

import dev.eventstore.EventStore;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.contract.StreamLifecycleContract;
import dev.eventstore.jdbc.JdbcScavengeContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The stream lifecycle contract and the space a scavenge gives back, on SQLite: every test gets a store in a new file. */
class SqliteStreamLifecycleTest implements StreamLifecycleContract, JdbcScavengeContract {

    @TempDir
    Path directory;

    private JdbcEventStore store;

    @BeforeEach
    void open() {
        store = JdbcEventStore.sqlite(directory.resolve("events.db")).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public StreamLifecycle lifecycle() {
        return store;
    }

    @Override
    public EventStore store() {
        return store;
    }
}
