package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
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

/** W3: one stream of 1,000 events read and decoded into records. Score: events/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ReadStreamBenchmark {

    static final int EVENTS = 1_000;
    static final String STREAM = "w3-account";

    /** Opens the backend and writes the stream. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract int readStream(Blackhole sink) throws Exception;

    /**
     * @param sink consumes the decoded events
     * @throws Exception if the read fails
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void readAndDecode(Blackhole sink) throws Exception {
        int count = readStream(sink);
        if (count != EVENTS) {
            throw new IllegalStateException("read " + count + " events, expected " + EVENTS);
        }
    }

    static List<EventData> events() {
        List<EventData> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(Fixtures.event(i));
        }
        return events;
    }

    abstract static class OnStore extends ReadStreamBenchmark {
        private StoreUnderTest backend;

        abstract StoreUnderTest create();

        @Override
        public void open() {
            backend = create();
            backend.store().append(STREAM, ExpectedVersion.noStream(), events());
        }

        @Override
        public void close() {
            backend.close();
        }

        @Override
        int readStream(Blackhole sink) {
            int count = 0;
            Iterator<RecordedEvent> events = backend.store().readStream(STREAM).iterator();
            while (events.hasNext()) {
                sink.consume(Decoding.TYPES.decode(events.next(), MoneyWithdrawn.class).orElseThrow().event());
                count++;
            }
            return count;
        }
    }

    abstract static class OnRaw extends ReadStreamBenchmark {
        private RawJdbc raw;

        abstract RawJdbc create() throws Exception;

        @Override
        public void open() throws Exception {
            raw = create();
            Fixtures.appendBatch(raw, STREAM, events());
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        int readStream(Blackhole sink) throws Exception {
            int[] count = {0};
            raw.readStream(STREAM, 0, (version, type, data) -> {
                sink.consume(Decoding.raw(type, data));
                count[0]++;
            });
            return count[0];
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
            return StoreUnderTest.sqlite("w3", EVENTS);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w3", EVENTS);
        }
    }

    /** Hand-written JDBC on PostgreSQL, decoding with a plain ObjectMapper. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w3_raw");
        }
    }

    /** Hand-written JDBC on SQLite, decoding with a plain ObjectMapper. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }

    /**
     * Axon Framework's JDBC event storage engine on PostgreSQL, reading 1,000 events per query: each
     * event's payload deserialized into the record by its Jackson serializer.
     */
    public static class Axon extends ReadStreamBenchmark {
        private AxonJdbc axon;

        @Override
        public void open() {
            axon = new AxonJdbc("bench_w3_axon", EVENTS);
            List<MoneyWithdrawn> payloads = new ArrayList<>(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                payloads.add(Fixtures.withdrawal(i));
            }
            axon.append(STREAM, payloads);
        }

        @Override
        public void close() {
            axon.close();
        }

        @Override
        int readStream(Blackhole sink) {
            int count = 0;
            DomainEventStream events = axon.engine().readEvents(STREAM);
            while (events.hasNext()) {
                sink.consume((MoneyWithdrawn) events.next().getPayload());
                count++;
            }
            return count;
        }
    }
}
