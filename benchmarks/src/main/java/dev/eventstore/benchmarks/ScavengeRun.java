package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.ScavengeResult;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scavenging half of a large log: fills a store with {@code events} events (default 1,000,000) in
 * {@code streams} streams of one category (default 10,000 streams of 100 events, each stream written in
 * two appends of 50 events, round by round, so that the older half of every stream is the older half of
 * the log, as retention by age or by count finds it), sets a retention policy of {@code maxCount} = half a
 * stream, and runs {@code scavenge}: it prints the events removed, the time, and the storage size before
 * and after. On PostgreSQL it runs {@code scavenge(false)} (plain VACUUM) and then {@code scavenge(true)}
 * (VACUUM FULL), and prints both.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.ScavengeRun sqlite|postgres [events] [streams]
 * </pre>
 *
 * PostgreSQL comes from {@code EVENTSTORE_PG_URL} (default the local test server); the run works in a
 * schema of its own and drops it at the end. SQLite works in a file under {@code benchmarks/target}.
 */
public final class ScavengeRun {

    private ScavengeRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("sqlite", "postgres").contains(args[0])) {
            System.err.println("usage: ScavengeRun sqlite|postgres [events] [streams]");
            System.exit(2);
        }
        boolean postgres = args[0].equals("postgres");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int perStream = events / streams;
        int perAppend = perStream / 2;
        String schema = "scavenge_" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Path.of("benchmarks/target/scavenge/events-" + schema + ".db");
        JdbcEventStore store;
        if (postgres) {
            store = JdbcEventStore.postgres(Fixtures.PG_URL).schema(schema).maxPoolSize(6).build();
        } else {
            Files.createDirectories(file.getParent());
            store = JdbcEventStore.sqlite(file).synchronousNormal().build();
        }
        try {
            long fillStarted = System.nanoTime();
            fill(store, streams, perAppend, postgres ? 4 : 1);
            Duration fill = Duration.ofNanos(System.nanoTime() - fillStarted);
            long head = store.headPosition();
            System.out.printf(Locale.ROOT, "%s: %,d events in %,d streams written in %s%n", args[0],
                    (long) streams * perAppend * 2, streams, seconds(fill));
            store.setRetention("load", RetentionPolicy.maxCount(perStream - perAppend));
            ScavengeResult first = store.scavenge(false);
            print(args[0] + " scavenge(false)", first);
            if (postgres) {
                print(args[0] + " scavenge(true), after it", store.scavenge(true));
            }
            long left = store.readAll(0, Long.MAX_VALUE).count();
            System.out.printf(Locale.ROOT, "events left in the log: %,d; head position %s%n", left,
                    store.headPosition() == head ? "unchanged" : "CHANGED");
        } finally {
            if (postgres) {
                try (Connection connection = store.dataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
                }
            }
            store.close();
            if (!postgres) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
    }

    /** Two rounds: the first half of every stream, then the second half. */
    private static void fill(JdbcEventStore store, int streams, int perAppend, int threads) throws Exception {
        String payload = "{\"amount\":\"123.45\",\"description\":\"a payment of a typical size, with some text\","
                + "\"ref\":\"%s\"}";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 2; round++) {
                ExpectedVersion expected = ExpectedVersion.exactly((long) round * perAppend);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    work.add(pool.submit(() -> {
                        for (int s = first; s < streams; s += threads) {
                            List<EventData> batch = new ArrayList<>(perAppend);
                            for (int i = 0; i < perAppend; i++) {
                                batch.add(EventData.of("Paid", payload.formatted(UUID.randomUUID())));
                            }
                            store.append("load-" + s, expected, batch);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : work) {
                    future.get();
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void print(String what, ScavengeResult result) {
        System.out.printf(Locale.ROOT, "%s: removed %,d events in %s; storage %,.1f MB -> %,.1f MB (%,.1f MB freed)%n",
                what, result.eventsRemoved(), seconds(result.elapsed()), result.bytesBefore() / 1e6,
                result.bytesAfter() / 1e6, result.bytesReclaimed() / 1e6);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
