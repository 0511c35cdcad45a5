package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** W2: 100 events per append, to a random stream, from one thread. Score: events/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class AppendBatchBenchmark {

    static final int BATCH = 100;

    /** Opens the backend. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract void append(String streamId, List<EventData> events) throws Exception;

    /** @throws Exception if the append fails */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hundredEvents() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt();
        List<EventData> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            events.add(Fixtures.event(seed + i));
        }
        append(Fixtures.randomStream("w2"), events);
    }

    abstract static class OnStore extends AppendBatchBenchmark {
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
        void append(String streamId, List<EventData> events) {
            store.append(streamId, ExpectedVersion.any(), events);
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
            file = Fixtures.tempFile("w2");
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
            return Fixtures.postgres("bench_w2", 500);
        }

        @Override
        public void close() {
            super.close();
            Fixtures.dropSchema("bench_w2");
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends AppendBatchBenchmark {
        private RawPostgres raw;

        @Override
        public void open() throws Exception {
            raw = new RawPostgres("bench_w2_raw");
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        void append(String streamId, List<EventData> events) throws Exception {
            raw.appendBatch(streamId, events.get(0).type(), events.stream().map(EventData::data).toList(),
                    events.get(0).metadata());
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends AppendBatchBenchmark {
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
        void append(String streamId, List<EventData> events) throws Exception {
            raw.appendBatch(streamId, events.get(0).type(), events.stream().map(EventData::data).toList(),
                    events.get(0).metadata());
        }
    }
}
