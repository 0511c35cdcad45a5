package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.memory.InMemoryCheckpointStore;
import dev.eventstore.projection.Projection;
import dev.eventstore.projection.ProjectionRunner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W6: a projection catching up from position 0 over a log of 100,000 events, in batches of 1,000,
 * each batch's read-model rows (an event count per stream) and checkpoint committed together.
 * Score: time per event, single shot per catch-up; the report turns it into events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
public abstract class ProjectionCatchUpBenchmark {

    static final int EVENTS = 100_000;
    static final int BATCH = 1_000;

    /** Opens the backend and fills the log. */
    @Setup(Level.Trial)
    public abstract void open() throws Exception;

    /** Empties the read model and its checkpoint before each catch-up. */
    @Setup(Level.Invocation)
    public abstract void reset() throws Exception;

    /** Closes the backend and removes its data. */
    @TearDown(Level.Trial)
    public abstract void close() throws Exception;

    abstract long catchUp() throws Exception;

    /** @throws Exception if the catch-up fails or misses events */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void catchUpFromZero() throws Exception {
        long projected = catchUp();
        if (projected != EVENTS) {
            throw new IllegalStateException("projected " + projected + " events, expected " + EVENTS);
        }
    }

    static void fill(EventStore store) {
        List<List<EventData>> batches = ReadAllBenchmark.batches();
        for (int b = 0; b < batches.size(); b++) {
            store.append("w6-" + b, ExpectedVersion.noStream(), batches.get(b));
        }
    }

    abstract static class OnStore extends ProjectionCatchUpBenchmark {
        EventStore store;
        Projection projection;

        abstract EventStore createStore();

        abstract Projection createProjection();

        @Override
        public void open() throws Exception {
            store = createStore();
            fill(store);
            projection = createProjection();
        }

        @Override
        public void reset() throws Exception {
            projection.reset();
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        long catchUp() throws Exception {
            try (ProjectionRunner runner = ProjectionRunner.builder(store, projection).batchSize(BATCH).start()) {
                if (!runner.awaitCaughtUp(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the projection did not catch up");
                }
            }
            return counted();
        }

        abstract long counted() throws Exception;
    }

    /** The in-memory store, the counts in a map, the checkpoint in memory. */
    public static class InMemory extends OnStore {
        private final Map<String, Long> counts = new ConcurrentHashMap<>();

        @Override
        EventStore createStore() {
            return Fixtures.memory();
        }

        @Override
        Projection createProjection() {
            return Projection.builder("w6", new InMemoryCheckpointStore())
                    .handler(events -> {
                        for (RecordedEvent event : events) {
                            counts.merge(event.streamId(), 1L, Long::sum);
                        }
                    })
                    .onReset(counts::clear)
                    .build();
        }

        @Override
        long counted() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A projection into the store's own database: counts and checkpoint in one transaction. */
    abstract static class OnJdbcStore extends OnStore {
        abstract String countsTable();

        abstract String upsert();

        @Override
        Projection createProjection() {
            JdbcEventStore jdbc = (JdbcEventStore) store;
            try (Connection connection = jdbc.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + countsTable() + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return JdbcProjection.builder("w6", jdbc).handler(new JdbcProjectionHandler() {
                @Override
                public void apply(List<RecordedEvent> events, Connection connection) throws SQLException {
                    Map<String, Long> counts = new HashMap<>();
                    for (RecordedEvent event : events) {
                        counts.merge(event.streamId(), 1L, Long::sum);
                    }
                    try (PreparedStatement upsert = connection.prepareStatement(upsert())) {
                        for (Map.Entry<String, Long> count : counts.entrySet()) {
                            upsert.setString(1, count.getKey());
                            upsert.setLong(2, count.getValue());
                            upsert.addBatch();
                        }
                        upsert.executeBatch();
                    }
                }

                @Override
                public void reset(Connection connection) throws SQLException {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DELETE FROM " + countsTable());
                    }
                }
            }).build();
        }

        @Override
        long counted() throws SQLException {
            try (Connection connection = ((JdbcEventStore) store).dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    java.sql.ResultSet row = statement.executeQuery("SELECT coalesce(sum(events), 0) FROM "
                            + countsTable())) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The SQLite store. */
    public static class Sqlite extends OnJdbcStore {
        private Path file;

        @Override
        EventStore createStore() {
            file = Fixtures.tempFile("w6");
            return Fixtures.sqlite(file, BATCH);
        }

        @Override
        String countsTable() {
            return "w6_counts";
        }

        @Override
        String upsert() {
            return "INSERT INTO w6_counts (stream_id, events) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE "
                    + "SET events = w6_counts.events + excluded.events";
        }

        @Override
        public void close() {
            super.close();
            Fixtures.deleteDirectory(file);
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnJdbcStore {
        @Override
        EventStore createStore() {
            return Fixtures.postgres("bench_w6", BATCH);
        }

        @Override
        String countsTable() {
            return "bench_w6.w6_counts";
        }

        @Override
        String upsert() {
            return "INSERT INTO bench_w6.w6_counts AS c (stream_id, events) VALUES (?, ?) ON CONFLICT (stream_id) "
                    + "DO UPDATE SET events = c.events + excluded.events";
        }

        @Override
        public void close() {
            super.close();
            Fixtures.dropSchema("bench_w6");
        }
    }

    /** Hand-written JDBC on PostgreSQL: page, count, upsert and move the checkpoint per page. */
    public static class RawPostgresJdbc extends ProjectionCatchUpBenchmark {
        private RawPostgres raw;

        @Override
        public void open() throws Exception {
            raw = new RawPostgres("bench_w6_raw");
            List<List<EventData>> batches = ReadAllBenchmark.batches();
            for (int b = 0; b < batches.size(); b++) {
                List<EventData> batch = batches.get(b);
                raw.appendBatch("w6-" + b, batch.get(0).type(), batch.stream().map(EventData::data).toList(),
                        batch.get(0).metadata());
            }
        }

        @Override
        public void reset() throws Exception {
            raw.resetCounts();
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        long catchUp() throws Exception {
            return raw.projectCounts(BATCH);
        }
    }

    /** Hand-written JDBC on SQLite. */
    public static class RawSqliteJdbc extends ProjectionCatchUpBenchmark {
        private RawSqlite raw;

        @Override
        public void open() throws Exception {
            raw = new RawSqlite();
            List<List<EventData>> batches = ReadAllBenchmark.batches();
            for (int b = 0; b < batches.size(); b++) {
                List<EventData> batch = batches.get(b);
                raw.appendBatch("w6-" + b, batch.get(0).type(), batch.stream().map(EventData::data).toList(),
                        batch.get(0).metadata());
            }
        }

        @Override
        public void reset() throws Exception {
            raw.resetCounts();
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        long catchUp() throws Exception {
            return raw.projectCounts(BATCH);
        }
    }
}
