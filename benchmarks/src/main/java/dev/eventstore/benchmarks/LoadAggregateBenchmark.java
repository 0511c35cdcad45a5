package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.aggregate.SnapshotPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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

/**
 * W5: an aggregate of 10,000 events (plus 10 after its snapshot) loaded, from its events alone and
 * from the snapshot taken at version 10,000. Score: events of history loaded per second, so that
 * the two methods compare directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class LoadAggregateBenchmark {

    static final int EVENTS = 10_000;
    static final int AFTER_SNAPSHOT = 10;
    static final String STREAM = "w5-account";

    /**
     * The state: the sum of the withdrawals.
     *
     * @param total the sum
     */
    public record Spent(BigDecimal total) {
    }

    /** Folds withdrawals into their sum; every command is a withdrawal to record. */
    static final Decider<MoneyWithdrawn, Spent, MoneyWithdrawn> SPENDING = new Decider<>() {
        @Override
        public Spent initialState() {
            return new Spent(BigDecimal.ZERO);
        }

        @Override
        public Spent evolve(Spent state, MoneyWithdrawn event) {
            return new Spent(state.total().add(event.amount()));
        }

        @Override
        public List<MoneyWithdrawn> decide(MoneyWithdrawn command, Spent state) {
            return List.of(command);
        }
    };

    /** Opens the backend, writes the stream and the snapshot. */
    @Setup
    public abstract void open() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown
    public abstract void close() throws Exception;

    abstract Object loadFromEvents() throws Exception;

    abstract Object loadFromSnapshot() throws Exception;

    /**
     * @return the state, folded from all events
     * @throws Exception if the load fails
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS + AFTER_SNAPSHOT)
    public Object withoutSnapshot() throws Exception {
        return loadFromEvents();
    }

    /**
     * @return the state, from the snapshot and the events after it
     * @throws Exception if the load fails
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS + AFTER_SNAPSHOT)
    public Object withSnapshot() throws Exception {
        return loadFromSnapshot();
    }

    static List<List<EventData>> batches(int count, int offset) {
        List<List<EventData>> batches = new ArrayList<>();
        for (int b = 0; b < count; b += 1_000) {
            List<EventData> batch = new ArrayList<>();
            for (int i = b; i < Math.min(count, b + 1_000); i++) {
                batch.add(Fixtures.event(offset + i));
            }
            batches.add(batch);
        }
        return batches;
    }

    abstract static class OnStore extends LoadAggregateBenchmark {
        private StoreUnderTest backend;
        private CommandHandler<MoneyWithdrawn, Spent, MoneyWithdrawn> plain;
        private CommandHandler<MoneyWithdrawn, Spent, MoneyWithdrawn> snapshotting;

        abstract StoreUnderTest create();

        @Override
        public void open() {
            backend = create();
            for (List<EventData> batch : batches(EVENTS - 1, 0)) {
                backend.store().append(STREAM, ExpectedVersion.any(), batch);
            }
            plain = CommandHandler.builder(backend.store(), Decoding.TYPES, SPENDING, MoneyWithdrawn.class).build();
            snapshotting = CommandHandler.builder(backend.store(), Decoding.TYPES, SPENDING, MoneyWithdrawn.class)
                    .snapshots(backend.snapshots(), SnapshotPolicy.everyEvents(EVENTS), Spent.class, 1)
                    .build();
            // The 10,000th event goes through the handler, which takes the snapshot at 10,000.
            snapshotting.handle(STREAM, new MoneyWithdrawn("00005-123-456-7", new BigDecimal("1.25"), "CAD", "Fee", "0"));
            for (List<EventData> batch : batches(AFTER_SNAPSHOT, EVENTS)) {
                backend.store().append(STREAM, ExpectedVersion.any(), batch);
            }
            AggregateState<Spent> fromEvents = plain.load(STREAM);
            if (fromEvents.version() != EVENTS + AFTER_SNAPSHOT || !snapshotting.load(STREAM).equals(fromEvents)) {
                throw new IllegalStateException("the two loads disagree");
            }
        }

        @Override
        public void close() {
            backend.close();
        }

        @Override
        Object loadFromEvents() {
            return plain.load(STREAM);
        }

        @Override
        Object loadFromSnapshot() {
            return snapshotting.load(STREAM);
        }
    }

    /** Select, decode and fold; or the snapshot row, then the same for the rest. */
    abstract static class OnRaw extends LoadAggregateBenchmark {
        private RawJdbc raw;

        abstract RawJdbc create() throws Exception;

        @Override
        public void open() throws Exception {
            raw = create();
            for (List<EventData> batch : batches(EVENTS, 0)) {
                Fixtures.appendBatch(raw, STREAM, batch);
            }
            raw.saveSnapshot(STREAM, EVENTS, Decoding.RAW.writeValueAsString(loadFromEvents()));
            for (List<EventData> batch : batches(AFTER_SNAPSHOT, EVENTS)) {
                Fixtures.appendBatch(raw, STREAM, batch);
            }
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        Object loadFromEvents() throws Exception {
            BigDecimal[] total = {BigDecimal.ZERO};
            raw.readStream(STREAM, 0, (version, type, data) -> total[0] = total[0].add(
                    Decoding.raw(type, data).amount()));
            return new Spent(total[0]);
        }

        @Override
        Object loadFromSnapshot() throws Exception {
            List<BigDecimal> amounts = new ArrayList<>();
            String state = raw.loadFromSnapshot(STREAM, (version, type, data) -> amounts.add(
                    Decoding.raw(type, data).amount()));
            BigDecimal total = Decoding.RAW.readValue(state, Spent.class).total();
            for (BigDecimal amount : amounts) {
                total = total.add(amount);
            }
            return new Spent(total);
        }
    }

    /** The in-memory store, with the in-memory snapshot store. */
    public static class InMemory extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.memory();
        }
    }

    /** The SQLite store, snapshots in its file. */
    public static class Sqlite extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.sqlite("w5", 1_000);
        }
    }

    /** The PostgreSQL store, snapshots in its schema. */
    public static class Postgres extends OnStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w5", 1_000);
        }
    }

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w5_raw");
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawSqlite();
        }
    }
}
