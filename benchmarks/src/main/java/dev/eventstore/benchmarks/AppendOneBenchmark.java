package dev.eventstore.benchmarks;

import dev.eventstore.ExpectedVersion;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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

    /** Appends the event of {@link Fixtures#payload(int) payload(n)}, built the way the backend takes it. */
    abstract void append(String streamId, int n) throws Exception;

    /** @throws Exception if the append fails */
    @Benchmark
    @Threads(1)
    public void oneThread() throws Exception {
        append(Fixtures.randomStream("w1"), ThreadLocalRandom.current().nextInt());
    }

    /** @throws Exception if the append fails */
    @Benchmark
    @Threads(4)
    public void fourThreads() throws Exception {
        append(Fixtures.randomStream("w1"), ThreadLocalRandom.current().nextInt());
    }

    abstract static class OnStore extends AppendOneBenchmark {
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
        void append(String streamId, int n) {
            backend.store().append(streamId, ExpectedVersion.any(), List.of(Fixtures.event(n)));
        }
    }

    abstract static class OnRaw extends AppendOneBenchmark {
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
        void append(String streamId, int n) throws Exception {
            raw.append(streamId, Fixtures.event(n));
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
            return StoreUnderTest.sqlite("w1", 500);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w1", 500);
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w1_raw");
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }

    /** Axon Framework's JDBC event storage engine on PostgreSQL: the last sequence number, then the append. */
    public static class Axon extends AppendOneBenchmark {
        private AxonJdbc axon;

        @Override
        public void open() {
            axon = new AxonJdbc("bench_w1_axon", 100);
        }

        @Override
        public void close() {
            axon.close();
        }

        @Override
        void append(String streamId, int n) {
            axon.append(streamId, List.of(Fixtures.withdrawal(n)));
        }
    }
}
