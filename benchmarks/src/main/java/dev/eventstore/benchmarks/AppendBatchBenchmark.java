package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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

    /** Appends the events of {@code payload(seed)} to {@code payload(seed + BATCH - 1)}, built as the backend takes them. */
    abstract void append(String streamId, int seed) throws Exception;

    /** @throws Exception if the append fails */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hundredEvents() throws Exception {
        append(Fixtures.randomStream("w2"), ThreadLocalRandom.current().nextInt());
    }

    static List<EventData> events(int seed) {
        List<EventData> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            events.add(Fixtures.event(seed + i));
        }
        return events;
    }

    abstract static class OnStore extends AppendBatchBenchmark {
        private StoreUnderTest backend;

        abstract StoreUnderTest create();

        @Override
        public void open() {
            backend = create();
        }

        /**
         * The in-memory store keeps every event in the heap. It starts each iteration empty, so that
         * what is measured is appending, not the garbage collector's work on an ever larger heap.
         */
        @Setup(Level.Iteration)
        public void emptyTheMemoryStore() {
            if (backend.inMemory()) {
                backend.close();
                backend = create();
            }
        }

        @Override
        public void close() {
            backend.close();
        }

        @Override
        void append(String streamId, int seed) {
            backend.store().append(streamId, ExpectedVersion.any(), events(seed));
        }
    }

    abstract static class OnRaw extends AppendBatchBenchmark {
        private RawJdbc raw;

        abstract RawJdbc create() throws Exception;

        @Override
        public void open() throws Exception {
            raw = create();
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        void append(String streamId, int seed) throws Exception {
            raw.appendBatch(streamId, events(seed));
        }
    }

    /** The in-memory store. */
    public static class InMemory extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.memory();
        }
    }

    /** The SQLite store. */
    public static class Sqlite extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.sqlite("w2", 500);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w2", 500);
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w2_raw");
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }

    /** Axon Framework's JDBC event storage engine on PostgreSQL: the last sequence number, then one batch. */
    public static class Axon extends AppendBatchBenchmark {
        private AxonJdbc axon;

        @Override
        public void open() {
            axon = new AxonJdbc("bench_w2_axon", 100);
        }

        @Override
        public void close() {
            axon.close();
        }

        @Override
        void append(String streamId, int seed) {
            List<MoneyWithdrawn> payloads = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                payloads.add(Fixtures.withdrawal(seed + i));
            }
            axon.append(streamId, payloads);
        }
    }
}
