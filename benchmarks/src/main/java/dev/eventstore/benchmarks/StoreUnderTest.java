package dev.eventstore.benchmarks;

import dev.eventstore.EventStore;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.memory.InMemorySnapshotStore;
import java.nio.file.Path;

/** A store a benchmark measures, and what to remove when it is done. */
final class StoreUnderTest implements AutoCloseable {

    private final EventStore store;
    private final Runnable cleanUp;

    private StoreUnderTest(EventStore store, Runnable cleanUp) {
        this.store = store;
        this.cleanUp = cleanUp;
    }

    static StoreUnderTest memory() {
        return new StoreUnderTest(Fixtures.memory(), () -> { });
    }

    /** A SQLite store in a new temporary file, deleted afterwards. */
    static StoreUnderTest sqlite(String name, int pageSize) {
        Path file = Fixtures.tempFile(name);
        return new StoreUnderTest(Fixtures.sqlite(file, pageSize), () -> Fixtures.deleteDirectory(file));
    }

    /** A PostgreSQL store in a fresh schema {@code bench_<name>}, dropped afterwards. */
    static StoreUnderTest postgres(String name, int pageSize) {
        String schema = "bench_" + name;
        return new StoreUnderTest(Fixtures.postgres(schema, pageSize), () -> Fixtures.dropSchema(schema));
    }

    EventStore store() {
        return store;
    }

    /** @return true for the in-memory store, which keeps every event it is given in the heap */
    boolean inMemory() {
        return store instanceof dev.eventstore.memory.InMemoryEventStore;
    }

    /** @return the store's own snapshot table for the JDBC stores, a map in memory otherwise */
    SnapshotStore snapshots() {
        return store instanceof JdbcEventStore jdbc ? jdbc.snapshotStore() : new InMemorySnapshotStore();
    }

    @Override
    public void close() {
        store.close();
        cleanUp.run();
    }
}
