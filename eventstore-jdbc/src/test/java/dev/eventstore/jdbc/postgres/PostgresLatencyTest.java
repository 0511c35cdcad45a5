package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.AppendCondition;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.Subscription;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the time from an append's commit to the subscriber's handler, within one store (with
 * notifications on, as by default, and off) and between two stores (two processes' worth: separate
 * pools, the wake-up only by LISTEN/NOTIFY), and while an unrelated write transaction stays open.
 * It reports the figures; it asserts what proves the wake-up works (with polling pushed out to a
 * minute, events still arrive in well under a second) and that an unrelated transaction does not
 * hold the store's readers back.
 */
class PostgresLatencyTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLatencyTest.class);
    private static final int EVENTS = 300;

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void anotherProcessesAppendReachesTheHandlerThroughNotify() throws Exception {
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore writer = JdbcEventStore.postgres(PostgresDatabase.url()).schema(schema).build();
                JdbcEventStore reader = JdbcEventStore.postgres(PostgresDatabase.url()).schema(schema)
                        .pollInterval(Duration.ofMinutes(1)).build()) {
            long[] latencies = measure(writer, reader);
            report("between two stores (LISTEN/NOTIFY)", latencies);
            assertThat(percentile(latencies, 50)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    @Test
    void anAppendOfTheSameStoreWakesItsSubscriptionAtOnceWithNotificationsOn() throws Exception {
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema)
                .pollInterval(Duration.ofMinutes(1)).build()) {
            long[] latencies = measure(store, store);
            report("within one store, notifications on", latencies);
            assertThat(percentile(latencies, 50)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    /**
     * A write transaction of another schema left open (a long report, a session idle in a
     * transaction) would hold back every log reader if the read horizon were the oldest transaction
     * of the cluster. The store's horizon counts only its own transactions: its subscribers keep
     * their latency, and a decision that reads by query and appends with a condition succeeds.
     */
    @Test
    void anUnrelatedOpenWriteTransactionHoldsBackNeitherSubscribersNorConditionalAppends() throws Exception {
        String schema = PostgresDatabase.newSchema();
        String other = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema)
                .pollInterval(Duration.ofMinutes(1)).build();
                Connection unrelated = java.sql.DriverManager.getConnection(PostgresDatabase.url())) {
            try (Statement statement = unrelated.createStatement()) {
                statement.execute("CREATE SCHEMA \"" + other + "\"");
                statement.execute("CREATE TABLE \"" + other + "\".report (n int)");
            }
            unrelated.setAutoCommit(false);
            try (Statement statement = unrelated.createStatement()) {
                // A write: the transaction now has an id, older than every append below.
                statement.execute("INSERT INTO \"" + other + "\".report VALUES (1)");
            }
            // Every event is handled while the unrelated transaction is still open (a horizon of the
            // whole cluster would hold them all back until it ends).
            long[] latencies = measure(store, store);
            report("within one store, an unrelated write transaction open", latencies);
            assertThat(percentile(latencies, 50)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));

            Query claims = Query.of(QueryItem.types("Claimed").withTags("seat:1"));
            for (int i = 0; i < 20; i++) {
                long after = store.read(claims, 0, Long.MAX_VALUE).reduce((a, b) -> b)
                        .map(e -> e.position()).orElse(0L);
                store.append("seat-1", ExpectedVersion.any(),
                        List.of(EventData.of("Claimed", "{\"round\":" + i + "}").withTags("seat:1")),
                        AppendCondition.noneMatchingAfter(claims, after));
            }
            assertThat(store.read(claims, 0, Long.MAX_VALUE).count()).isEqualTo(20);
            unrelated.rollback();
        }
    }

    @Test
    void anAppendOfTheSameStoreWakesItsSubscriptionAtOnce() throws Exception {
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema)
                .pollInterval(Duration.ofMinutes(1)).notifications(false).build()) {
            long[] latencies = measure(store, store);
            report("within one store", latencies);
            assertThat(percentile(latencies, 50)).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private static long[] measure(JdbcEventStore writer, JdbcEventStore reader) throws Exception {
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        Map<UUID, Long> handledAt = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(EVENTS);
        Subscription subscription = reader.subscribe(EventFilter.category("latency"), 0, event -> {
            handledAt.put(event.id(), System.nanoTime());
            all.countDown();
        });
        assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        for (int i = 0; i < EVENTS; i++) {
            EventData event = EventData.of("Pinged", "{\"i\":" + i + "}");
            writer.append("latency-1", ExpectedVersion.any(), List.of(event));
            // Taken when append() returns, just after the commit: a handler that runs before
            // append() returns yields a latency of 0.
            committedAt.put(event.id(), System.nanoTime());
            Thread.sleep(2);
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        subscription.close();
        return committedAt.entrySet().stream()
                .mapToLong(e -> Math.max(0, handledAt.get(e.getKey()) - e.getValue()))
                .sorted().toArray();
    }

    private static void report(String where, long[] latencies) {
        LOG.info("Commit-to-handler latency {}, {} events: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms", where,
                latencies.length, millis(percentile(latencies, 50)), millis(percentile(latencies, 95)),
                millis(percentile(latencies, 99)), millis(latencies[latencies.length - 1]));
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static String millis(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }
}
