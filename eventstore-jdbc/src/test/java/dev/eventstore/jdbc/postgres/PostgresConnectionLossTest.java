package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the store's database connections (pg_terminate_backend) again and again while writers append
 * and a subscription runs: appends on a killed connection fail with an exception that carries the
 * driver's, and the subscription backs off, resumes from its position and misses nothing.
 */
class PostgresConnectionLossTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnectionLossTest.class);
    private static final String APPLICATION = "eventstore-connection-loss-test";

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void appendsFailLoudlyAndTheSubscriptionResumesWithoutLosingAnEvent() throws Exception {
        String schema = PostgresDatabase.newSchema();
        String url = PostgresDatabase.url() + (PostgresDatabase.url().contains("?") ? "&" : "?")
                + "ApplicationName=" + APPLICATION;
        try (JdbcEventStore store = JdbcEventStore.postgres(url).schema(schema).maxPoolSize(6).build()) {
            List<RecordedEvent> delivered = new ArrayList<>();
            Subscription subscription = store.subscribe(
                    SubscriptionOptions.builder(EventFilter.all()).name("survivor").batchSize(50).build(),
                    event -> {
                        synchronized (delivered) {
                            delivered.add(event);
                        }
                    });
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong succeeded = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            AtomicReference<EventStoreException> sample = new AtomicReference<>();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        try {
                            store.append("loss-" + writer, ExpectedVersion.any(),
                                    List.of(EventData.of("Survived", "{\"n\":" + n++ + "}")));
                            succeeded.incrementAndGet();
                        } catch (EventStoreException e) {
                            failed.incrementAndGet();
                            sample.compareAndSet(null, e);
                        } catch (Throwable t) {
                            unexpected.compareAndSet(null, t);
                        }
                    }
                }));
            }
            int killed = 0;
            for (int round = 0; round < 6; round++) {
                Thread.sleep(400);
                killed += terminateBackends();
            }
            Thread.sleep(400);
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            // Once the database answers again the subscription catches up from where it was.
            assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

            List<UUID> inTable = new ArrayList<>();
            try (Connection connection = PostgresDatabase.pool().getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT id FROM \"" + schema + "\".events ORDER BY position");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    inTable.add(rows.getObject(1, UUID.class));
                }
            }
            List<UUID> seen;
            synchronized (delivered) {
                seen = delivered.stream().map(RecordedEvent::id).toList();
            }
            LOG.info("Killed {} connections; {} appends succeeded, {} failed; the subscription saw {} of {} events",
                    killed, succeeded.get(), failed.get(), seen.size(), inTable.size());
            assertThat(unexpected.get()).isNull();
            assertThat(killed).isPositive();
            assertThat(failed.get()).isPositive();
            assertThat(sample.get().getCause()).isInstanceOf(SQLException.class);
            // An append whose connection died after the commit but before the reply is counted as
            // failed by its writer and is still in the table: the table is the truth.
            assertThat(inTable.size()).isGreaterThanOrEqualTo((int) succeeded.get());
            assertThat(seen).containsExactlyElementsOf(inTable);
            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);
            subscription.close();
        }
    }

    private static int terminateBackends() throws SQLException {
        try (Connection connection = PostgresDatabase.pool().getConnection();
                PreparedStatement kill = connection.prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, APPLICATION);
            try (ResultSet row = kill.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
