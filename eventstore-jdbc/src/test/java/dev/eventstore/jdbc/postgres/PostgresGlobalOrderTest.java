package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global-order problem, tested head on: writers that commit out of the order in which they
 * started must never make a subscriber skip an event.
 */
class PostgresGlobalOrderTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresGlobalOrderTest.class);
    private static final int WRITERS = 8;
    private static final Duration RUN_TIME = Duration.ofSeconds(11);

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void aSubscriberSeesEveryCommittedEventOnceAndInOrderWhileWritersCommitOutOfOrder() throws Exception {
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            List<RecordedEvent> delivered = new ArrayList<>();
            Subscription subscription = store.subscribe(
                    SubscriptionOptions.builder(EventFilter.all()).name("gap-test").batchSize(200).build(),
                    event -> {
                        synchronized (delivered) {
                            delivered.add(event);
                        }
                    });
            NaiveReader naive = new NaiveReader(schema);
            Thread naiveThread = new Thread(naive, "naive-reader");
            naiveThread.start();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong committed = new AtomicLong();
            AtomicLong heldOpen = new AtomicLong();
            AtomicLong rolledBack = new AtomicLong();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        String stream = "gap-" + random.nextInt(200);
                        List<EventData> events = new ArrayList<>();
                        int count = 1 + random.nextInt(3);
                        for (int i = 0; i < count; i++) {
                            events.add(EventData.of("Written", "{\"w\":" + random.nextInt(1000) + "}"));
                        }
                        int dice = random.nextInt(100);
                        if (dice < 30) {
                            // Held open a few milliseconds before commit: later writers overtake it.
                            store.inTransaction(tx -> {
                                tx.append(stream, ExpectedVersion.any(), events);
                                Thread.sleep(1 + random.nextInt(8));
                                return null;
                            });
                            heldOpen.incrementAndGet();
                            committed.addAndGet(count);
                        } else if (dice < 35) {
                            // Rolled back after its positions were taken: a hole in the log.
                            try {
                                store.inTransaction(tx -> {
                                    tx.append(stream, ExpectedVersion.any(), events);
                                    Thread.sleep(random.nextInt(3));
                                    throw new IllegalStateException("roll back");
                                });
                            } catch (IllegalStateException expected) {
                                rolledBack.incrementAndGet();
                            }
                        } else {
                            store.append(stream, ExpectedVersion.any(), events);
                            committed.addAndGet(count);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(RUN_TIME.toMillis());
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            naive.stop();
            naiveThread.join();

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
                for (int i = 1; i < delivered.size(); i++) {
                    assertThat(delivered.get(i).position()).isGreaterThan(delivered.get(i - 1).position());
                }
            }
            LOG.info("{} writers for {} s: {} events committed ({} appends held open, {} rolled back); the "
                    + "subscriber saw {}; a reader without the horizon missed {}", WRITERS, RUN_TIME.toSeconds(),
                    committed.get(), heldOpen.get(), rolledBack.get(), seen.size(), naive.missed(inTable));
            assertThat(inTable).hasSize((int) committed.get());
            // The writers did commit out of order: following positions without the horizon loses events.
            assertThat(naive.missed(inTable)).isPositive();
            assertThat(seen).containsExactlyElementsOf(inTable);
            assertThat(heldOpen.get()).isPositive();
            assertThat(rolledBack.get()).isPositive();
            subscription.close();
        }
    }

    /**
     * What a reader that trusts a sequence-like order would do: read everything above its last
     * position, without the horizon. It is here to show that the test's writers do commit out of order.
     */
    private static final class NaiveReader implements Runnable {
        private final String schema;
        private final List<UUID> seen = new ArrayList<>();
        private volatile boolean stopped;

        NaiveReader(String schema) {
            this.schema = schema;
        }

        void stop() {
            stopped = true;
        }

        long missed(List<UUID> all) {
            java.util.Set<UUID> got = new java.util.HashSet<>(seen);
            return all.stream().filter(id -> !got.contains(id)).count();
        }

        @Override
        public void run() {
            long last = 0;
            try (Connection connection = PostgresDatabase.pool().getConnection();
                    PreparedStatement select = connection.prepareStatement("SELECT id, position FROM \"" + schema
                            + "\".events WHERE position > ? ORDER BY position LIMIT 500")) {
                while (!stopped) {
                    select.setLong(1, last);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            seen.add(rows.getObject(1, UUID.class));
                            last = rows.getLong(2);
                        }
                    }
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
