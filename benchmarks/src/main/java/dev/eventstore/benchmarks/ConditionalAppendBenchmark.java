package dev.eventstore.benchmarks;

import dev.eventstore.AppendCondition;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * W7: conditional (DCB) appends with a one-tag query, from 4 threads, each on its own tag: the
 * condition always holds, so this measures what the check and its locks cost. Score: events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ConditionalAppendBenchmark {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** One writer thread's tag and the position it has read up to. */
    @State(Scope.Thread)
    public static class Writer {
        String tag;
        long after;

        /** Gives the thread a tag of its own. */
        @Setup
        public void pickTag() {
            tag = "claim:" + THREADS.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt();
            after = 0;
        }
    }

    /** Opens the backend. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract long appendIfNoneAfter(String streamId, String tag, long after, EventData event) throws Exception;

    /**
     * @param writer this thread's tag and position
     * @throws Exception if the append fails, or its condition does (which would be a bug here)
     */
    @Benchmark
    @Threads(4)
    public void fourThreadsOwnTags(Writer writer) throws Exception {
        EventData event = Fixtures.event(ThreadLocalRandom.current().nextInt()).withTags(writer.tag);
        long position = appendIfNoneAfter(Fixtures.randomStream("w7"), writer.tag, writer.after, event);
        if (position < 0) {
            throw new IllegalStateException("condition failed on tag " + writer.tag);
        }
        writer.after = position;
    }

    abstract static class OnStore extends ConditionalAppendBenchmark {
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
        long appendIfNoneAfter(String streamId, String tag, long after, EventData event) {
            return backend.store().append(streamId, ExpectedVersion.any(), List.of(event),
                    AppendCondition.noneMatchingAfter(Query.of(QueryItem.tags(tag)), after)).lastPosition();
        }
    }

    abstract static class OnRaw extends ConditionalAppendBenchmark {
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
        long appendIfNoneAfter(String streamId, String tag, long after, EventData event) throws Exception {
            return raw.appendIfNoneAfter(streamId, tag, after, event);
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
            return StoreUnderTest.sqlite("w7", 500);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w7", 500);
        }
    }

    /** Hand-written JDBC on PostgreSQL: lock the tag, check, insert. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w7_raw");
        }
    }

    /** Hand-written JDBC on SQLite: take the write lock, check, insert. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }
}
