package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.aggregate.SnapshotPolicy;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.memory.InMemorySnapshotStore;
import java.math.BigDecimal;
import java.nio.file.Path;
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
 * W5: an aggregate of 10,000 events loaded, from its events alone and from a snapshot taken at
 * version 10,000 (plus the 10 events after it). Score: events of history loaded per second, so
 * that the two methods compare directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class LoadAggregateBenchmark {

    static final int EVENTS = 10_000;
    static final int AFTER_SNAPSHOT = 10;
    static final String STREAM = "w5-account";

    /** The state: the sum of the withdrawals. */
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
        EventStore store;
        CommandHandler<MoneyWithdrawn, Spent, MoneyWithdrawn> plain;
        CommandHandler<MoneyWithdrawn, Spent, MoneyWithdrawn> snapshotting;

        abstract EventStore createStore();

        SnapshotStore snapshots() {
            return new InMemorySnapshotStore();
        }

        @Override
        public void open() {
            store = createStore();
            for (List<EventData> batch : batches(EVENTS - 1, 0)) {
                store.append(STREAM, ExpectedVersion.any(), batch);
            }
            plain = CommandHandler.builder(store, Decoding.TYPES, SPENDING, MoneyWithdrawn.class).build();
            snapshotting = CommandHandler.builder(store, Decoding.TYPES, SPENDING, MoneyWithdrawn.class)
                    .snapshots(snapshots(), SnapshotPolicy.everyEvents(EVENTS), Spent.class, 1)
                    .build();
            // The 10,000th event goes through the handler, which takes the snapshot at 10,000.
            snapshotting.handle(STREAM, new MoneyWithdrawn("00005-123-456-7", new BigDecimal("1.25"), "CAD", "Fee", "0"));
            for (List<EventData> batch : batches(AFTER_SNAPSHOT, EVENTS)) {
                store.append(STREAM, ExpectedVersion.any(), batch);
            }
            if (plain.load(STREAM).version() != EVENTS + AFTER_SNAPSHOT
                    || !snapshotting.load(STREAM).equals(plain.load(STREAM))) {
                throw new IllegalStateException("the two loads disagree");
            }
        }

        @Override
        public void close() {
            store.close();
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

    /** The in-memory store, with the in-memory snapshot store. */
    public static class InMemory extends OnStore {
        @Override
        EventStore createStore() {
            return Fixtures.memory();
        }
    }

    /** The SQLite store, snapshots in its file. */
    public static class Sqlite extends OnStore {
        private Path file;

        @Override
        EventStore createStore() {
            file = Fixtures.tempFile("w5");
            return Fixtures.sqlite(file, 1_000);
        }

        @Override
        SnapshotStore snapshots() {
            return ((JdbcEventStore) store).snapshotStore();
        }

        @Override
        public void close() {
            super.close();
            Fixtures.deleteDirectory(file);
        }
    }

    /** The PostgreSQL store, snapshots in its schema. */
    public static class Postgres extends OnStore {
        @Override
        EventStore createStore() {
            return Fixtures.postgres("bench_w5", 1_000);
        }

        @Override
        SnapshotStore snapshots() {
            return ((JdbcEventStore) store).snapshotStore();
        }

        @Override
        public void close() {
            super.close();
            Fixtures.dropSchema("bench_w5");
        }
    }

    /** Hand-written JDBC on PostgreSQL: select, decode and fold; or snapshot row plus the rest. */
    public static class RawPostgresJdbc extends LoadAggregateBenchmark {
        private RawPostgres raw;

        @Override
        public void open() throws Exception {
            raw = new RawPostgres("bench_w5_raw");
            fill(raw::appendBatch, raw::saveSnapshot, () -> loadFromEvents());
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        Object loadFromEvents() throws Exception {
            BigDecimal[] total = {BigDecimal.ZERO};
            raw.readStream(STREAM, (position, version, type, data) -> total[0] = total[0].add(
                    Decoding.RAW.readValue(data, MoneyWithdrawn.class).amount()));
            return new Spent(total[0]);
        }

        @Override
        Object loadFromSnapshot() throws Exception {
            return foldFromSnapshot(raw::loadFromSnapshot);
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends LoadAggregateBenchmark {
        private RawSqlite raw;

        @Override
        public void open() throws Exception {
            raw = new RawSqlite();
            fill(raw::appendBatch, raw::saveSnapshot, () -> loadFromEvents());
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        Object loadFromEvents() throws Exception {
            BigDecimal[] total = {BigDecimal.ZERO};
            raw.readStream(STREAM, (position, version, type, data) -> total[0] = total[0].add(
                    Decoding.RAW.readValue(data, MoneyWithdrawn.class).amount()));
            return new Spent(total[0]);
        }

        @Override
        Object loadFromSnapshot() throws Exception {
            return foldFromSnapshot(raw::loadFromSnapshot);
        }
    }

    @FunctionalInterface
    interface BatchWriter {
        void write(String streamId, String type, List<String> data, String metadata) throws Exception;
    }

    @FunctionalInterface
    interface SnapshotWriter {
        void write(String streamId, long version, String state) throws Exception;
    }

    @FunctionalInterface
    interface Loader {
        Object load() throws Exception;
    }

    @FunctionalInterface
    interface SnapshotReader {
        String read(String streamId, RawPostgres.Rows rows) throws Exception;
    }

    /** Decodes the snapshot's state, then folds the events after it, as hand-written code would. */
    static Spent foldFromSnapshot(SnapshotReader reader) throws Exception {
        List<BigDecimal> amounts = new ArrayList<>();
        String state = reader.read(STREAM, (position, version, type, data) -> amounts.add(
                Decoding.RAW.readValue(data, MoneyWithdrawn.class).amount()));
        BigDecimal total = Decoding.RAW.readValue(state, Spent.class).total();
        for (BigDecimal amount : amounts) {
            total = total.add(amount);
        }
        return new Spent(total);
    }

    static void fill(BatchWriter events, SnapshotWriter snapshots, Loader load) throws Exception {
        for (List<EventData> batch : batches(EVENTS, 0)) {
            events.write(STREAM, batch.get(0).type(), batch.stream().map(EventData::data).toList(),
                    batch.get(0).metadata());
        }
        Spent state = (Spent) load.load();
        snapshots.write(STREAM, EVENTS, Decoding.RAW.writeValueAsString(state));
        for (List<EventData> batch : batches(AFTER_SNAPSHOT, EVENTS)) {
            events.write(STREAM, batch.get(0).type(), batch.stream().map(EventData::data).toList(),
                    batch.get(0).metadata());
        }
    }
}
