package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.projection.ProjectionRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Blue/green rebuilds ({@link VersionedProjection}) on each JDBC backend: while writers append and
 * the live version keeps projecting, a new version builds beside it and takes over; readers querying
 * the stable view all the while never see an empty, partial or older read model.
 */
public abstract class BlueGreenProjectionContract {

    /** @return a store on this test's database; every call of one test opens the same database */
    protected abstract JdbcEventStore openStore();

    private static final int STREAMS = 12;

    /**
     * The read model: one row per stream with its event count; version 2 also keeps the stream's last
     * position (the visible change).
     */
    static VersionedProjection tallies(JdbcEventStore store, int version) {
        return VersionedProjection.builder("tallies", version, store)
                .filter(dev.eventstore.EventFilter.category("tally"))
                .views("tally")
                .create((connection, v) -> execute(connection, "CREATE TABLE IF NOT EXISTS " + v.table("tally")
                        + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL"
                        + (version >= 2 ? ", last_position BIGINT NOT NULL" : "") + ")"))
                .handler(v -> (events, connection) -> {
                    String sql = version >= 2
                            ? "INSERT INTO " + v.table("tally") + " (stream_id, events, last_position) VALUES (?, 1, ?) "
                                    + "ON CONFLICT (stream_id) DO UPDATE SET events = " + v.table("tally")
                                    + ".events + 1, last_position = excluded.last_position"
                            : "INSERT INTO " + v.table("tally") + " (stream_id, events) VALUES (?, 1) "
                                    + "ON CONFLICT (stream_id) DO UPDATE SET events = " + v.table("tally")
                                    + ".events + 1";
                    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                        for (RecordedEvent event : events) {
                            upsert.setString(1, event.streamId());
                            if (version >= 2) {
                                upsert.setLong(2, event.position());
                            }
                            upsert.executeUpdate();
                        }
                    }
                })
                .build();
    }

    @Test
    void readersNeverSeeAnEmptyPartialOrOlderModelWhileANewVersionTakesOver() throws Exception {
        try (JdbcEventStore store = openStore()) {
            VersionedProjection v1 = tallies(store, 1);
            assertThat(v1.install()).isTrue();
            for (int i = 0; i < 1500; i++) {
                appendOne(store);
            }
            ProjectionRunner live = ProjectionRunner.builder(store, v1.projection()).batchSize(50).start();
            assertThat(live.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Map<String, Long>> seen = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger reads = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            threads.add(thread("writer", errors, () -> {
                while (!stop.get()) {
                    appendOne(store);
                    Thread.sleep(1);
                }
            }));
            for (int r = 0; r < 2; r++) {
                threads.add(thread("reader-" + r, errors, () -> {
                    long lastTotal = 0;
                    while (!stop.get()) {
                        Map<String, Long> model = readModel(store, v1.view("tally"));
                        long total = model.values().stream().mapToLong(Long::longValue).sum();
                        if (total < 1500) {
                            throw new AssertionError("a reader saw a read model of " + total + " events, fewer than "
                                    + "the 1500 appended before the rebuild: " + model);
                        }
                        if (total < lastTotal) {
                            throw new AssertionError("a reader saw the model go back from " + lastTotal + " to "
                                    + total + " events");
                        }
                        lastTotal = total;
                        seen.add(model);
                        reads.incrementAndGet();
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(200);

            VersionedProjection v2 = tallies(store, 2);
            ProjectionRunner next = v2.takeOver(live, Duration.ofSeconds(120));
            int readsAtSwitch = reads.get();
            Thread.sleep(300);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            try (next) {
                assertThat(errors).isEmpty();
                assertThat(reads.get()).as("reads after the switch").isGreaterThan(readsAtSwitch);
                assertThat(live.state()).isEqualTo(dev.eventstore.Subscription.State.CLOSED);
                assertThat(v2.liveVersion()).hasValue(2);

                // Every read equals the complete model at some position: the first n events of the log.
                List<RecordedEvent> log = store.readAll(0, Long.MAX_VALUE).toList();
                Map<Long, Map<String, Long>> prefixes = new HashMap<>();
                Map<String, Long> running = new HashMap<>();
                prefixes.put(0L, Map.copyOf(running));
                long n = 0;
                for (RecordedEvent event : log) {
                    running.merge(event.streamId(), 1L, Long::sum);
                    prefixes.put(++n, Map.copyOf(running));
                }
                synchronized (seen) {
                    for (Map<String, Long> model : seen) {
                        long total = model.values().stream().mapToLong(Long::longValue).sum();
                        assertThat(model).as("a read of %d events", total).isEqualTo(prefixes.get(total));
                    }
                }

                // The new version's change is visible through the stable name, and it is complete.
                assertThat(next.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                assertThat(readModel(store, v2.view("tally"))).isEqualTo(prefixes.get((long) log.size()));
                Map<String, Long> lastPositions = new HashMap<>();
                log.forEach(event -> lastPositions.put(event.streamId(), event.position()));
                assertThat(readLastPositions(store, v2.view("tally"))).isEqualTo(lastPositions);

                // The old version's tables and checkpoint are gone.
                assertThat(tableExists(store, v1.table("tally"))).isFalse();
                assertThat(checkpointNames(store)).contains("tallies-v2").doesNotContain("tallies-v1");
            }
        }
    }

    @Test
    void aRunnerOfTheRetiredVersionStopsInsteadOfWritingAndAnOlderVersionCannotTakeOver() throws Exception {
        try (JdbcEventStore store = openStore()) {
            VersionedProjection v1 = tallies(store, 1);
            v1.install();
            for (int i = 0; i < 20; i++) {
                appendOne(store);
            }
            try (ProjectionRunner next = tallies(store, 2).takeOver(null, Duration.ofSeconds(60))) {
                assertThat(next.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            }
            ProjectionRunner stale = ProjectionRunner.builder(store, v1.projection())
                    .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)))
                    .start();
            try (stale) {
                stale.stopped().handle((ok, error) -> null).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(stale.failure()).isPresent();
                assertThat(stale.failure().get()).hasStackTraceContaining("version 1 of projection 'tallies' was "
                        + "retired: version 2 is live");
            }
            assertThatThrownBy(() -> v1.takeOver(null, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is live at version 2, newer than version 1");
            assertThat(v1.liveVersion()).hasValue(2);
        }
    }

    static void appendOne(JdbcEventStore store) {
        String stream = "tally-" + ThreadLocalRandom.current().nextInt(STREAMS);
        store.append(stream, ExpectedVersion.any(),
                List.of(EventData.of("Counted", "{}")));
    }

    static Map<String, Long> readModel(JdbcEventStore store, String view) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT stream_id, events FROM " + view)) {
            Map<String, Long> model = new HashMap<>();
            while (rows.next()) {
                model.put(rows.getString(1), rows.getLong(2));
            }
            return model;
        }
    }

    static Map<String, Long> readLastPositions(JdbcEventStore store, String view) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT stream_id, last_position FROM " + view)) {
            Map<String, Long> model = new HashMap<>();
            while (rows.next()) {
                model.put(rows.getString(1), rows.getLong(2));
            }
            return model;
        }
    }

    static boolean tableExists(JdbcEventStore store, String table) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                Statement select = connection.createStatement()) {
            select.executeQuery("SELECT count(*) FROM " + table).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static List<String> checkpointNames(JdbcEventStore store) throws SQLException {
        String prefix = store.schema().map(schema -> "\"" + schema + "\".").orElse("");
        try (Connection connection = store.dataSource().getConnection();
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT name FROM " + prefix + "checkpoints")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, ConcurrentLinkedQueue<Throwable> errors, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, "blue-green-" + name);
    }
}
