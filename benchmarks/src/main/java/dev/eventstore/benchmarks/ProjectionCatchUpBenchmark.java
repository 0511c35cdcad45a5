package dev.eventstore.benchmarks;

import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjection;
import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.memory.InMemoryCheckpointStore;
import dev.eventstore.projection.Projection;
import dev.eventstore.projection.ProjectionRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Score: time per event, one catch-up per measurement; the report turns it into events/s.
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

    abstract static class OnStore extends ProjectionCatchUpBenchmark {
        StoreUnderTest backend;
        private Projection projection;

        abstract StoreUnderTest create();

        abstract Projection createProjection() throws Exception;

        abstract long counted() throws Exception;

        @Override
        public void open() throws Exception {
            backend = create();
            Fixtures.fillLog(backend.store(), "w6");
            projection = createProjection();
        }

        @Override
        public void reset() throws Exception {
            projection.reset();
        }

        @Override
        public void close() {
            backend.close();
        }

        @Override
        long catchUp() throws Exception {
            try (ProjectionRunner runner = ProjectionRunner.builder(backend.store(), projection).batchSize(BATCH)
                    .start()) {
                if (!runner.awaitCaughtUp(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the projection did not catch up");
                }
            }
            return counted();
        }
    }

    /** The in-memory store, the counts in a map, the checkpoint in memory. */
    public static class InMemory extends OnStore {
        private final Map<String, Long> counts = new ConcurrentHashMap<>();

        @Override
        StoreUnderTest create() {
            return StoreUnderTest.memory();
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
        /** @return the counts table, qualified as the database needs */
        abstract String countsTable();

        private JdbcEventStore jdbc() {
            return (JdbcEventStore) backend.store();
        }

        @Override
        Projection createProjection() throws SQLException {
            try (Connection connection = jdbc().dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + countsTable() + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL)");
            }
            String upsert = "INSERT INTO " + countsTable() + " AS c (stream_id, events) VALUES (?, ?) "
                    + "ON CONFLICT (stream_id) DO UPDATE SET events = c.events + excluded.events";
            return JdbcProjection.builder("w6", jdbc()).handler(new JdbcProjectionHandler() {
                @Override
                public void apply(List<RecordedEvent> events, Connection connection) throws SQLException {
                    Map<String, Long> counts = new HashMap<>();
                    for (RecordedEvent event : events) {
                        counts.merge(event.streamId(), 1L, Long::sum);
                    }
                    try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                        for (Map.Entry<String, Long> count : counts.entrySet()) {
                            statement.setString(1, count.getKey());
                            statement.setLong(2, count.getValue());
                            statement.addBatch();
                        }
                        statement.executeBatch();
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
            try (Connection connection = jdbc().dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT coalesce(sum(events), 0) FROM " + countsTable())) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The SQLite store. */
    public static class Sqlite extends OnJdbcStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.sqlite("w6", BATCH);
        }

        @Override
        String countsTable() {
            return "w6_counts";
        }
    }

    /** The PostgreSQL store. */
    public static class Postgres extends OnJdbcStore {
        @Override
        StoreUnderTest create() {
            return StoreUnderTest.postgres("w6", BATCH);
        }

        @Override
        String countsTable() {
            return "bench_w6.w6_counts";
        }
    }

    /** Page, count, upsert and move the checkpoint per page, by hand. */
    abstract static class OnRaw extends ProjectionCatchUpBenchmark {
        private RawJdbc raw;

        abstract RawJdbc create() throws Exception;

        @Override
        public void open() throws Exception {
            raw = create();
            Fixtures.fillLog(raw, "w6");
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

    /** Hand-written JDBC on PostgreSQL. */
    public static class RawPostgresJdbc extends OnRaw {
        @Override
        RawJdbc create() throws Exception {
            return new RawPostgres("bench_w6_raw");
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
