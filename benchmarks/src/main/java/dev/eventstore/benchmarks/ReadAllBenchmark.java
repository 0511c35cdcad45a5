package dev.eventstore.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W4: the whole global log of 100,000 events, read in pages of 1,000, each event's JSON parsed.
 * Score: events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ReadAllBenchmark {

    static final int EVENTS = 100_000;
    static final int PAGE = 1_000;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Opens the backend and fills it with {@value #EVENTS} events. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract long readAll(Blackhole sink) throws Exception;

    /**
     * @param sink consumes the parsed events
     * @throws Exception if a read fails
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void readAllInPages(Blackhole sink) throws Exception {
        long count = readAll(sink);
        if (count != EVENTS) {
            throw new IllegalStateException("read " + count + " events, expected " + EVENTS);
        }
    }

    /** The events the log is filled with: {@code EVENTS / PAGE} streams of {@code PAGE} events. */
    static List<List<EventData>> batches() {
        List<List<EventData>> batches = new ArrayList<>();
        for (int b = 0; b < EVENTS / PAGE; b++) {
            List<EventData> batch = new ArrayList<>(PAGE);
            for (int i = 0; i < PAGE; i++) {
                batch.add(Fixtures.event(b * PAGE + i));
            }
            batches.add(batch);
        }
        return batches;
    }

    abstract static class OnStore extends ReadAllBenchmark {
        private StoreUnderTest backend;

        abstract StoreUnderTest create();

        @Override
        public void open() {
            backend = create();
            Fixtures.fillLog(backend.store(), "w4");
        }

        @Override
        public void close() {
            backend.close();
        }

        @Override
        long readAll(Blackhole sink) throws Exception {
            long count = 0;
            Iterator<RecordedEvent> events = backend.store().readAll(0, Long.MAX_VALUE).iterator();
            while (events.hasNext()) {
                sink.consume(JSON.readTree(events.next().data()));
                count++;
            }
            return count;
        }
    }

    abstract static class OnRaw extends ReadAllBenchmark {
        private RawJdbc raw;

        abstract RawJdbc create() throws Exception;

        @Override
        public void open() throws Exception {
            raw = create();
            Fixtures.fillLog(raw, "w4");
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        long readAll(Blackhole sink) throws Exception {
            return raw.readAll(PAGE, (position, data) -> sink.consume(JSON.readTree(data)));
        }
    }

    /** The in-memory store. */
    public static class InMemory extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.memory();
        }
    }

    /** The SQLite store, reading pages of 1,000. */
    public static class Sqlite extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.sqlite("w4", PAGE);
        }
    }

    /** The PostgreSQL store, reading pages of 1,000. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w4", PAGE);
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w4_raw");
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }

    /**
     * Axon Framework's JDBC event storage engine on PostgreSQL, reading 1,000 events per query from no
     * token: each event's payload deserialized into the record by its Jackson serializer, which is
     * what an Axon event handler receives (the store and the baseline parse into a JSON tree instead).
     */
    public static class Axon extends ReadAllBenchmark {
        private AxonJdbc axon;

        @Override
        public void open() {
            axon = new AxonJdbc("bench_w4_axon", PAGE);
            for (int b = 0; b < EVENTS / PAGE; b++) {
                List<MoneyWithdrawn> payloads = new ArrayList<>(PAGE);
                for (int i = 0; i < PAGE; i++) {
                    payloads.add(Fixtures.withdrawal(b * PAGE + i));
                }
                axon.append("w4-" + b, payloads);
            }
        }

        @Override
        public void close() {
            axon.close();
        }

        @Override
        long readAll(Blackhole sink) {
            long[] count = {0};
            try (Stream<? extends TrackedEventMessage<?>> events = axon.engine().readEvents(null, false)) {
                events.forEach(event -> {
                    sink.consume(event.getPayload());
                    count[0]++;
                });
            }
            return count[0];
        }
    }
}
