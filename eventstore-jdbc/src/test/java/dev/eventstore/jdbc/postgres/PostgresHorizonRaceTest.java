package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.contract.Reliability;
import dev.eventstore.jdbc.JdbcEventStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Many short appends and many log readers at once, as fast as they go: each reader follows the log
 * page by page from its last position, and at the end must have read every event, once, in order. This
 * is the load under which a reader's horizon meets appenders in the instant between getting their
 * transaction id and showing it in {@code pg_locks}.
 */
class PostgresHorizonRaceTest {

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void readersFollowingTheLogUnderManyShortAppendsSkipNothing() throws Exception {
        int seconds = Reliability.budget("eventstore.race.seconds", 15, 120);
        PostgresDatabase.assumeAvailable();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.url()).schema(PostgresDatabase.newSchema())
                .maxPoolSize(14).notifications(false).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong appended = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(10);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                writers.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        store.append("race-" + random.nextInt(50), ExpectedVersion.any(),
                                List.of(EventData.of("Raced", "{}")));
                        appended.incrementAndGet();
                    }
                    return null;
                }));
            }
            List<Future<List<UUID>>> readers = new ArrayList<>();
            AtomicLong reads = new AtomicLong();
            // The last position of the log once every writer has returned: readers read up to it.
            AtomicLong target = new AtomicLong(Long.MAX_VALUE);
            for (int r = 0; r < 4; r++) {
                readers.add(threads.submit(() -> {
                    List<UUID> seen = new ArrayList<>();
                    long after = 0;
                    while (after < target.get()) {
                        List<RecordedEvent> page = store.readAll(after, 500).toList();
                        reads.incrementAndGet();
                        for (RecordedEvent event : page) {
                            seen.add(event.id());
                            after = event.position();
                        }
                    }
                    return seen;
                }));
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            List<RecordedEvent> events = store.readAll(0, Long.MAX_VALUE).toList();
            List<UUID> log = events.stream().map(RecordedEvent::id).toList();
            target.set(events.get(events.size() - 1).position());
            int skipped = 0;
            for (Future<List<UUID>> reader : readers) {
                List<UUID> seen = reader.get();
                Set<UUID> distinct = new HashSet<>(seen);
                assertThat(distinct).as("read once each").hasSize(seen.size());
                List<UUID> missing = log.stream().filter(id -> !distinct.contains(id)).toList();
                skipped += missing.size();
                assertThat(missing).as("events a reader of the log skipped").isEmpty();
                // A reader may have read past the end of the log read above, never around a gap in it.
                assertThat(seen.subList(0, Math.min(seen.size(), log.size()))).as("a reader of the log read every "
                        + "event, in order").isEqualTo(log);
            }
            threads.shutdown();
            Reliability.report("PostgreSQL log readers under many short appends", String.format(Locale.ROOT,
                    "%d appends in %d s, %d page reads by 4 readers, %d events skipped", appended.get(), seconds,
                    reads.get(), skipped));
        }
    }
}
