package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** W1: one event per append, to a random stream, from 1 and from 4 threads. Score: events/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class AppendOneBenchmark {

    /** Opens the backend. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract void append(String streamId, EventData event) throws Exception;

    /** @throws Exception if the append fails */
    @Benchmark
    @Threads(1)
    public void oneThread() throws Exception {
        append(Fixtures.randomStream("w1"), Fixtures.event(ThreadLocalRandom.current().nextInt()));
    }

    /** @throws Exception if the append fails */
    @Benchmark
    @Threads(4)
    public void fourThreads() throws Exception {
        append(Fixtures.randomStream("w1"), Fixtures.event(ThreadLocalRandom.current().nextInt()));
    }

    abstract static class OnStore extends AppendOneBenchmark {
        EventStore store;

        abstract EventStore createStore();

        @Override
        public void open() {
            store = createStore();
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        void append(String streamId, EventData event) {
            store.append(streamId, ExpectedVersion.any(), List.of(event));
        }
    }

    /** The in-memory store. */
    public static class InMemory extends OnStore {
        @Override
        EventStore createStore() {
            return Fixtures.memory();
        }
    }

    /** The SQLite store. */
    public static class Sqlite extends OnStore {
        private Path file;

        @Override
        EventStore createStore() {
            file = Fixtures.tempFile("w1");
            return Fixtures.sqlite(file, 500);
        }

        @Override
        public void close() {
            super.close();
            Fixtures.deleteDirectory(file);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnStore {
        @Override
        EventStore createStore() {
            return Fixtures.postgres("bench_w1", 500);
        }

        @Override
        public void close() {
            super.close();
            Fixtures.dropSchema("bench_w1");
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends AppendOneBenchmark {
        private RawPostgres raw;

        @Override
        public void open() throws Exception {
            raw = new RawPostgres("bench_w1_raw");
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        void append(String streamId, EventData event) throws Exception {
            raw.append(streamId, event.type(), event.data(), event.metadata());
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends AppendOneBenchmark {
        private RawSqlite raw;

        @Override
        public void open() throws Exception {
            raw = new RawSqlite();
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        void append(String streamId, EventData event) throws Exception {
            raw.append(streamId, event.type(), event.data(), event.metadata());
        }
    }
}
