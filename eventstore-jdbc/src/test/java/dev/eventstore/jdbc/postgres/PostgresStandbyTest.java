package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.jdbc.JdbcEventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Reads from a hot standby, on a real one: a throwaway primary ({@code initdb}, {@code wal_level=replica})
 * and a streaming standby made from it with {@code pg_basebackup -R}, on another port, both started and
 * stopped here. Writers append on the primary, some in transactions held open until long after later
 * ones committed; a subscription on the standby ({@code readReplica()}) must see every event once, in
 * position order. Then the primary crashes, the standby is promoted, and the same subscription goes on
 * with the new primary's events, having seen nothing that the failover lost.
 */
class PostgresStandbyTest {

    private static final String SCHEMA = "replicated";

    /** What a subscription saw: each event and when. */
    private static final class Seen {
        final List<RecordedEvent> events = Collections.synchronizedList(new ArrayList<>());
        final Map<UUID, Long> atNanos = new ConcurrentHashMap<>();

        void add(RecordedEvent event) {
            atNanos.putIfAbsent(event.id(), System.nanoTime());
            events.add(event);
        }

        List<RecordedEvent> snapshot() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }

    @Test
    void aSubscriptionOnTheStandbySeesEveryEventOnceInOrderAndSurvivesAFailover() throws Exception {
        try (ThrowawayPostgres primary = ThrowawayPostgres.startPrimaryOrSkip();
                ThrowawayPostgres standby = primary.standby()) {
            JdbcEventStore writerStore = JdbcEventStore.postgres(primary.url()).schema(SCHEMA).maxPoolSize(12)
                    .publishReplicaHead(Duration.ofMillis(20)).build();
            awaitTrue("the schema to replicate to the standby", Duration.ofSeconds(30),
                    () -> tableExists(standby.url(), SCHEMA + ".replica_head"));
            try (JdbcEventStore replica = JdbcEventStore.postgres(standby.url()).schema(SCHEMA).readReplica()
                    .pollInterval(Duration.ofMillis(5)).build()) {
                // The replica is read-only, and says so.
                assertThatThrownBy(() -> replica.append("x-1", ExpectedVersion.any(), List.of(EventData.of("X", "{}"))))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("read replica");

                Seen onStandby = new Seen();
                Seen onPrimary = new Seen();
                Subscription standbySubscription = replica.subscribe(EventFilter.all(), 0, onStandby::add);
                Subscription primarySubscription = writerStore.subscribe(EventFilter.all(), 0, onPrimary::add);
                // 1. Concurrent writers appending alone, then with transactions that commit late, while a
                // reader on the standby that follows committed positions without the published head shows
                // what that head is for.
                Map<UUID, Long> steadyCommittedAt = new ConcurrentHashMap<>();
                runWriters(writerStore, steadyCommittedAt, 4, Duration.ofSeconds(4), false);
                Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
                AtomicBoolean stopNaive = new AtomicBoolean();
                Set<UUID> naive = ConcurrentHashMap.newKeySet();
                Thread naiveReader = new Thread(() -> followCommitted(standby.url(), naive, stopNaive));
                naiveReader.start();
                runWriters(writerStore, committedAt, 4, Duration.ofSeconds(6), true);
                List<UUID> log = writerStore.readAll(0, Long.MAX_VALUE).map(RecordedEvent::id).toList();
                awaitTrue("the standby's subscription to see the primary's " + log.size() + " events",
                        Duration.ofSeconds(60), () -> onStandby.events.size() >= log.size());
                assertThat(primarySubscription.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                List<RecordedEvent> seen = onStandby.snapshot();
                assertThat(seen.stream().map(RecordedEvent::id).toList())
                        .as("every event once, in the primary's position order").isEqualTo(log);
                assertInPositionOrder(seen);
                stopNaive.set(true);
                naiveReader.join(10_000);
                long missedByNaive = log.stream().filter(id -> !naive.contains(id)).count();
                System.out.printf(Locale.ROOT, "Standby reads: %d events from 4 writers, 4 s appending alone, then 6 s "
                        + "with 1 append in 4 in a transaction held open 5-150 ms; all seen once and in order on the "
                        + "standby%n", log.size());
                System.out.println("  appends alone, commit -> seen on the primary: "
                        + lags(steadyCommittedAt, onPrimary.atNanos));
                System.out.println("  appends alone, commit -> seen on the standby: "
                        + lags(steadyCommittedAt, onStandby.atNanos));
                System.out.println("  with late commits, commit -> seen on the primary: "
                        + lags(committedAt, onPrimary.atNanos));
                System.out.println("  with late commits, commit -> seen on the standby: "
                        + lags(committedAt, onStandby.atNanos));
                System.out.printf(Locale.ROOT, "  a reader of the standby following committed positions without the "
                        + "published head missed %d of the %d events%n", missedByNaive, log.size());
                assertThat(missedByNaive).as("events a reader following commits on the standby skips: the race this "
                        + "test must provoke").isPositive();

                // 2. Failover: the primary crashes under writers, the standby is promoted.
                primarySubscription.close();
                Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
                AtomicBoolean crashed = new AtomicBoolean();
                Thread crasher = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        crashed.set(true);
                        primary.crash();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                crasher.start();
                runWriters(writerStore, acknowledged, 3, Duration.ofSeconds(20), false);
                crasher.join();
                writerStore.close();
                int beforePromotion = onStandby.events.size();
                Thread.sleep(1000);
                assertThat(standbySubscription.state()).as("the standby's subscription while the primary is down")
                        .isEqualTo(Subscription.State.LIVE);
                standby.promote();
                try (JdbcEventStore promoted = JdbcEventStore.postgres(standby.url()).schema(SCHEMA)
                        .publishReplicaHead(Duration.ofMillis(20)).build()) {
                    Set<UUID> survived = new HashSet<>(promoted.readAll(0, Long.MAX_VALUE).map(RecordedEvent::id)
                            .toList());
                    long lost = acknowledged.keySet().stream().filter(id -> !survived.contains(id)).count();
                    for (int i = 0; i < 50; i++) {
                        promoted.append("after-" + (i % 5), ExpectedVersion.any(), List.of(EventData.of("After", "{}")));
                    }
                    List<UUID> newLog = promoted.readAll(0, Long.MAX_VALUE).map(RecordedEvent::id).toList();
                    awaitTrue("the subscription to see the promoted server's events", Duration.ofSeconds(30),
                            () -> onStandby.events.size() >= newLog.size());
                    List<RecordedEvent> all = onStandby.snapshot();
                    assertThat(all.stream().map(RecordedEvent::id).toList())
                            .as("before and after the failover: the promoted server's log, once each, in order")
                            .isEqualTo(newLog);
                    assertInPositionOrder(all);
                    assertThat(standbySubscription.state()).isEqualTo(Subscription.State.LIVE);
                    System.out.printf(Locale.ROOT, "Failover: %d events acknowledged by the primary in the 1.5 s before it crashed, "
                            + "%d of them lost with it (asynchronous standby); the standby's subscription had seen %d "
                            + "events at the crash, none of them lost, and went on with the promoted server's %d new "
                            + "ones%n", acknowledged.size(), lost, beforePromotion, 50);
                }
                standbySubscription.close();
            }
        }
    }

    @Test
    void theBuilderRefusesAPublishingReplicaAndABadInterval() {
        assertThatThrownBy(() -> JdbcEventStore.postgres("jdbc:postgresql://127.0.0.1:1/none").readReplica()
                .publishReplicaHead(Duration.ofMillis(20)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a read replica cannot publish");
        assertThatThrownBy(() -> JdbcEventStore.postgres("jdbc:postgresql://127.0.0.1:1/none")
                .publishReplicaHead(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval must be positive, was: PT0S");
    }

    @Test
    void aReplicaWhoseSchemaHasNotReplicatedFailsNamingIt() {
        PostgresDatabase.assumeAvailable();
        assertThatThrownBy(() -> JdbcEventStore.postgres(PostgresDatabase.pool()).schema("never_replicated")
                .readReplica().build())
                .hasMessageContaining("The read replica has no schema 'never_replicated' yet");
    }

    @Test
    void aReplicaRefusesLifecycleWritesAndParkingNamingTheReplicaAndWritesNothing() {
        PostgresDatabase.assumeAvailable();
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore primary = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build();
                JdbcEventStore replica = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).readReplica()
                        .build()) {
            primary.append("account-1", ExpectedVersion.noStream(),
                    List.of(EventData.of("Opened", "{}"), EventData.of("Used", "{}")));
            List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> writes = List.of(
                    () -> replica.truncateStream("account-1", 2, true),
                    () -> replica.setRetention("account", dev.eventstore.RetentionPolicy.maxCount(1)),
                    () -> replica.scavenge(false),
                    () -> replica.deleteStream("account-1", ExpectedVersion.any()),
                    () -> replica.tombstoneStream("account-1", ExpectedVersion.any()),
                    () -> replica.parkedEventStore().park(new dev.eventstore.reactor.ParkedEvent("fees", 1,
                            "account-1", "Opened", "boom", 1, java.time.Instant.now(), 0)),
                    () -> replica.parkedEventStore().remove("fees", 1));
            for (org.assertj.core.api.ThrowableAssert.ThrowingCallable write : writes) {
                assertThatThrownBy(write).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("read replica");
            }
            assertThat(primary.readStream("account-1").toList()).hasSize(2);
            assertThat(primary.streamVersion("account-1")).isEqualTo(2);
            assertThat(primary.retention("account")).isEmpty();
            assertThat(primary.parkedEventStore().list("fees")).isEmpty();
        } finally {
            PostgresDatabase.dropSchemas();
        }
    }

    @Test
    void aReplicaReadsSubjectKeysAndParkedEventsWithoutWritingAndRefusesToChangeKeys() {
        PostgresDatabase.assumeAvailable();
        String schema = PostgresDatabase.newSchema();
        // Sessions that refuse every write, as a standby's do (SQLSTATE 25006).
        String url = PostgresDatabase.url();
        String readOnly = url + (url.contains("?") ? "&" : "?") + "options=-c%20default_transaction_read_only%3Don";
        try (JdbcEventStore primary = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            String keyId = primary.subjectKeyStore().keyFor("customer-1").id();
            primary.parkedEventStore().park(new dev.eventstore.reactor.ParkedEvent("fees", 1, "account-1", "Opened",
                    "boom", 1, java.time.Instant.now(), 0));
            try (JdbcEventStore replica = JdbcEventStore.postgres(readOnly).schema(schema).readReplica().build()) {
                assertThat(replica.subjectKeyStore().find("customer-1")).get()
                        .extracting(dev.eventstore.typed.SubjectKey::id).isEqualTo(keyId);
                assertThat(replica.parkedEventStore().list("fees")).hasSize(1);
                assertThatThrownBy(() -> replica.subjectKeyStore().keyFor("customer-2"))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("read replica");
                assertThatThrownBy(() -> replica.subjectKeyStore().forget("customer-1"))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("read replica");
            }
            assertThat(primary.subjectKeyStore().find("customer-1")).isPresent();
            assertThat(primary.subjectKeyStore().find("customer-2")).isEmpty();
        } finally {
            PostgresDatabase.dropSchemas();
        }
    }

    private static void runWriters(JdbcEventStore store, Map<UUID, Long> committedAt, int writers, Duration duration,
            boolean lateCommits) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        String stream = "account-" + writer + "-" + random.nextInt(20);
                        List<EventData> events = new ArrayList<>();
                        for (int i = random.nextInt(1, 4); i > 0; i--) {
                            events.add(EventData.of("Booked", "{\"writer\": " + writer + "}"));
                        }
                        if (lateCommits && random.nextInt(4) == 0) {
                            long holdMillis = random.nextLong(5, 150);
                            store.inTransaction(tx -> {
                                tx.append(stream, ExpectedVersion.any(), events);
                                Thread.sleep(holdMillis);
                                return null;
                            });
                        } else {
                            store.append(stream, ExpectedVersion.any(), events);
                        }
                        long now = System.nanoTime();
                        events.forEach(event -> committedAt.put(event.id(), now));
                    }
                } catch (Throwable e) {
                    if (lateCommits) {
                        errors.add(e);
                    }
                    // Else the primary crashed under the writer: expected.
                }
            }, "standby-writer-" + w));
        }
        threads.forEach(Thread::start);
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end && threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(50);
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(errors).isEmpty();
    }

    /**
     * Follows the standby's events table by position alone, as a reader without a horizon would: each
     * read starts after the highest position seen so far.
     */
    private static void followCommitted(String url, Set<UUID> seen, AtomicBoolean stop) {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement read = connection.prepareStatement("SELECT position, id FROM " + SCHEMA
                        + ".events WHERE position > ? ORDER BY position LIMIT 1000")) {
            long after = 0;
            while (!stop.get()) {
                read.setLong(1, after);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        seen.add(rows.getObject(2, UUID.class));
                    }
                }
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertInPositionOrder(List<RecordedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position()).as("position after %d", events.get(i - 1).position())
                    .isGreaterThan(events.get(i - 1).position());
        }
    }

    private static String lags(Map<UUID, Long> committedAt, Map<UUID, Long> seenAt) {
        List<Double> millis = new ArrayList<>();
        committedAt.forEach((id, committed) -> {
            Long seen = seenAt.get(id);
            if (seen != null) {
                // A subscription can see an event before its writer's call returns: count that as 0.
                millis.add(Math.max(0, seen - committed) / 1e6);
            }
        });
        Collections.sort(millis);
        if (millis.isEmpty()) {
            return "(no events)";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events)",
                millis.get(millis.size() / 2), millis.get(Math.min(millis.size() - 1, millis.size() * 99 / 100)),
                millis.get(millis.size() - 1), millis.size());
    }

    private static boolean tableExists(String url, String table) {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
