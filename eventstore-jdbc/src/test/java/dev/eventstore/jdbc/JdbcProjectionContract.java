package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.projection.ProjectionRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Projections that live in the store's own database, on each JDBC backend: exactly once across a
 * killed process, rebuilds, and inline projections that commit with the append.
 */
public abstract class JdbcProjectionContract {

    /**
     * @param inline inline projections to register
     * @return a store on this test's database; every call of one test opens the same database
     */
    protected abstract JdbcEventStore openStore(JdbcProjectionHandler... inline);

    /** @return the arguments of {@link ProjectionWorker} after the ledger table's name is appended */
    protected abstract List<String> workerArguments();

    /** @return the ledger table's name as SQL needs it in this test's database */
    protected abstract String ledgerTable();

    /**
     * A projection that writes one ledger row per event: duplicates and gaps both show.
     *
     * @param store the store
     * @param table the ledger table
     * @param pauseMillis a pause per batch, to be killable in the middle
     * @return the projection
     */
    static JdbcProjection ledger(JdbcEventStore store, String table, long pauseMillis) {
        return JdbcProjection.builder("ledger", store).handler(new JdbcProjectionHandler() {
            @Override
            public void apply(List<RecordedEvent> events, Connection connection) throws Exception {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " (position, event_id) VALUES (?, ?)")) {
                    for (RecordedEvent event : events) {
                        insert.setLong(1, event.position());
                        insert.setString(2, event.id().toString());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                Thread.sleep(pauseMillis);
            }

            @Override
            public void reset(Connection connection) throws Exception {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DELETE FROM " + table);
                }
            }
        }).build();
    }

    @Test
    void aProjectionKilledMidwayResumesWithoutDuplicateOrGap() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            List<UUID> ids = appendEvents(store, "ledger-a", 40, 5);
            List<String> arguments = new ArrayList<>(workerArguments());
            arguments.add(ledgerTable());
            Process worker = new ProcessBuilder(ChildJvm.command(ProjectionWorker.class, arguments))
                    .redirectErrorStream(true).start();
            long killedAt;
            try {
                BufferedReader output = new BufferedReader(
                        new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = output.readLine()) != null && !line.equals("started")) {
                    // Skip the worker's log lines.
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (store.checkpointStore().load("ledger") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                killedAt = store.checkpointStore().load("ledger");
            } finally {
                worker.destroyForcibly();
                assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(killedAt).isPositive().isLessThan(store.headPosition());

            ids.addAll(appendEvents(store, "ledger-b", 10, 5));
            try (ProjectionRunner runner = ProjectionRunner.builder(store, ledger(store, ledgerTable(), 0))
                    .batchSize(7).start()) {
                assertThat(runner.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(ledgerIds(store)).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            assertThat(store.checkpointStore().load("ledger")).isEqualTo(store.headPosition());
        }
    }

    @Test
    void twoRunnersOfOneProjectionTakeTurnsAndApplyEachEventOnce() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            List<UUID> ids = appendEvents(store, "twice", 60, 5);
            try (ProjectionRunner first = ProjectionRunner.builder(store, ledger(store, ledgerTable(), 1))
                    .batchSize(7).start();
                    ProjectionRunner second = ProjectionRunner.builder(store, ledger(store, ledgerTable(), 1))
                            .batchSize(11).start()) {
                assertThat(first.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(second.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            }
            assertThat(ledgerIds(store)).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            assertThat(store.checkpointStore().load("ledger")).isEqualTo(store.headPosition());
        }
    }

    @Test
    void aRebuildElsewhereStopsALiveRunnerInsteadOfLettingItSkipEvents() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            List<UUID> ids = appendEvents(store, "rebuilt-elsewhere", 10, 2);
            ProjectionRunner live = ProjectionRunner.builder(store, ledger(store, ledgerTable(), 0))
                    .retry(RetryPolicy.none()).start();
            try {
                assertThat(live.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
                // Another process starts a rebuild: the checkpoint goes back to 0, the rows go.
                JdbcProjection rebuilding = ledger(store, ledgerTable(), 0);
                rebuilding.reset();
                ids.addAll(appendEvents(store, "rebuilt-elsewhere-late", 1, 1));
                assertThatThrownBy(() -> live.stopped().get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(IllegalStateException.class)
                        .hasStackTraceContaining("went back");
                try (ProjectionRunner rebuilder = ProjectionRunner.start(store, rebuilding)) {
                    assertThat(rebuilder.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
                }
            } finally {
                live.close();
            }
            assertThat(ledgerIds(store)).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
        }
    }

    @Test
    void aBatchDeliveredAgainAfterItsCommitChangesNothing() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            appendEvents(store, "again", 3, 2);
            JdbcProjection projection = ledger(store, ledgerTable(), 0);
            List<RecordedEvent> batch = store.readAll(0, 100).toList();
            projection.apply(batch);
            // As when the commit succeeded but its acknowledgement was lost and the runner retried.
            projection.apply(batch);
            projection.apply(batch.subList(2, 4));
            assertThat(ledgerIds(store)).hasSize(6);
            assertThat(projection.checkpoint()).isEqualTo(batch.get(5).position());
        }
    }

    @Test
    void aRebuildEmptiesTheReadModelAndReplaysEveryEventOnce() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            List<UUID> ids = appendEvents(store, "rebuilt", 12, 3);
            JdbcProjection projection = ledger(store, ledgerTable(), 0);
            try (ProjectionRunner runner = ProjectionRunner.start(store, projection)) {
                assertThat(runner.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            }
            try (ProjectionRunner runner = ProjectionRunner.builder(store, projection).rebuild()) {
                assertThat(runner.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(ledgerIds(store)).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
        }
    }

    @Test
    void aFailingBatchLeavesNeitherRowsNorCheckpoint() throws Exception {
        try (JdbcEventStore store = openStore()) {
            createLedger(store);
            appendEvents(store, "failing", 2, 2);
            JdbcProjection written = ledger(store, ledgerTable(), 0);
            JdbcProjection failing = JdbcProjection.builder("ledger", store).handler(new JdbcProjectionHandler() {
                @Override
                public void apply(List<RecordedEvent> events, Connection connection) throws Exception {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO " + ledgerTable() + " (position, event_id) VALUES (?, ?)")) {
                        insert.setLong(1, events.get(0).position());
                        insert.setString(2, events.get(0).id().toString());
                        insert.executeUpdate();
                    }
                    throw new IllegalStateException("read model refused the batch");
                }

                @Override
                public void reset(Connection connection) {
                }
            }).build();
            List<RecordedEvent> batch = store.readAll(0, 10).toList();
            assertThatThrownBy(() -> failing.apply(batch))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("read model refused the batch");
            assertThat(failing.checkpoint()).isZero();
            assertThat(ledgerIds(store)).isEmpty();

            written.apply(batch);
            assertThat(written.checkpoint()).isEqualTo(batch.get(batch.size() - 1).position());
            assertThat(ledgerIds(store)).hasSize(4);
        }
    }

    @Test
    void anJdbcProjectionHandlerCommitsWithTheAppendAndOnlyThen() throws Exception {
        List<Integer> calls = new ArrayList<>();
        JdbcProjectionHandler inline = (events, connection) -> {
            calls.add(events.size());
            for (RecordedEvent event : events) {
                if (event.type().equals("Refused")) {
                    throw new SQLException("the read model refuses " + event.id());
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + ledgerTable() + " (position, event_id) VALUES (?, ?)")) {
                    insert.setLong(1, event.position());
                    insert.setString(2, event.id().toString());
                    insert.executeUpdate();
                }
            }
        };
        try (JdbcEventStore store = openStore(inline)) {
            createLedger(store);
            EventData first = EventData.of("Accepted", "{}");
            EventData second = EventData.of("Accepted", "{}");
            store.append("inline-1", ExpectedVersion.noStream(), List.of(first, second));
            assertThat(ledgerIds(store)).containsExactlyInAnyOrder(first.id().toString(), second.id().toString());

            // A retry writes nothing, so the projection is not run again.
            store.append("inline-1", ExpectedVersion.noStream(), List.of(first, second));
            assertThat(calls).containsExactly(2);

            EventData refused = EventData.of("Refused", "{}");
            assertThatThrownBy(() -> store.append("inline-2", ExpectedVersion.any(),
                    List.of(EventData.of("Accepted", "{}"), refused)))
                    .isInstanceOf(EventStoreException.class)
                    .hasMessageContaining(refused.id().toString())
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(store.streamVersion("inline-2")).isZero();
            assertThat(ledgerIds(store)).hasSize(2);
        }
    }

    @Test
    void anInlineProjectionAppliesImportedEventsInTheImportsTransaction() throws Exception {
        JdbcProjectionHandler inline = (events, connection) -> {
            for (RecordedEvent event : events) {
                if (event.type().equals("Refused")) {
                    throw new SQLException("the read model refuses " + event.id());
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + ledgerTable() + " (position, event_id) VALUES (?, ?)")) {
                    insert.setLong(1, event.position());
                    insert.setString(2, event.id().toString());
                    insert.executeUpdate();
                }
            }
        };
        try (JdbcEventStore store = openStore(inline)) {
            createLedger(store);
            java.time.Instant at = java.time.Instant.now();
            RecordedEvent one = new RecordedEvent(UUID.randomUUID(), "imported-1", 1, 10, "Accepted", "{}", "{}",
                    java.util.Set.of(), at);
            RecordedEvent two = new RecordedEvent(UUID.randomUUID(), "imported-1", 2, 11, "Accepted", "{}", "{}",
                    java.util.Set.of(), at);
            store.importEvents(List.of(one, two));
            assertThat(ledgerIds(store)).containsExactlyInAnyOrder(one.id().toString(), two.id().toString());

            RecordedEvent refused = new RecordedEvent(UUID.randomUUID(), "imported-1", 3, 12, "Refused", "{}", "{}",
                    java.util.Set.of(), at);
            assertThatThrownBy(() -> store.importEvents(List.of(refused))).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining(refused.id().toString());
            assertThat(store.streamVersion("imported-1")).isEqualTo(2);
            assertThat(ledgerIds(store)).hasSize(2);
        }
    }

    private void createLedger(JdbcEventStore store) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + ledgerTable() + " (position BIGINT NOT NULL, event_id TEXT NOT NULL)");
        }
    }

    private List<String> ledgerIds(JdbcEventStore store) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_id FROM " + ledgerTable())) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as("ledger rows without duplicates").hasSize(ids.size());
        return ids;
    }

    private static List<UUID> appendEvents(JdbcEventStore store, String prefix, int appends, int perAppend) {
        List<UUID> ids = new ArrayList<>();
        for (int a = 0; a < appends; a++) {
            List<EventData> events = new ArrayList<>();
            for (int i = 0; i < perAppend; i++) {
                EventData event = EventData.of("Entered", "{\"a\":" + a + ",\"i\":" + i + "}");
                events.add(event);
                ids.add(event.id());
            }
            store.append(prefix + "-" + (a % 4), ExpectedVersion.any(), events);
        }
        return ids;
    }
}
