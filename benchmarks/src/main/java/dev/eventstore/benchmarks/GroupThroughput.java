package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetryPolicy;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.ConsumerGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Consumer group throughput: how many events a second a group of 1, 2 and 4 members reacts to, on
 * SQLite and on PostgreSQL. Each member is a {@link ConsumerGroup} on a store instance of its own (its
 * own connections, as a process of its own would have), all in this JVM. The log holds
 * {@code events} events in 1,000 streams before the members start; each reaction inserts a row into
 * a table of the same database in the reaction's transaction (exactly once), so each event is a commit.
 * The time runs from the members' start, rebalancing included, until every event's row is there.
 *
 * <p>Arguments: {@code [events] [backends...]} (default 20000, sqlite and postgres). Prints one line
 * per run and a Markdown table at the end.
 */
public final class GroupThroughput {

    private static final int STREAMS = 1_000;

    private GroupThroughput() {
    }

    /**
     * @param args the number of events, then the backends
     * @throws Exception if a store fails
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<String> backends = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("sqlite", "postgres");
        List<String> table = new ArrayList<>();
        table.add("| backend | members | events | seconds | events/s |");
        table.add("|---|---:|---:|---:|---:|");
        for (String backend : backends) {
            for (int members : new int[] {1, 2, 4}) {
                double seconds = run(backend, members, events);
                String line = String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f |", backend, members, events,
                        seconds, events / seconds);
                System.out.println(line);
                table.add(line);
            }
        }
        System.out.println();
        table.forEach(System.out::println);
    }

    private static double run(String backend, int members, int events) throws Exception {
        Supplier<JdbcEventStore> open;
        Path directory = null;
        String schema = "bench_group_" + members;
        if (backend.equals("sqlite")) {
            directory = Files.createTempDirectory("group-bench");
            Path file = directory.resolve("group.db");
            open = () -> JdbcEventStore.sqlite(file).build();
        } else {
            Fixtures.dropSchema(schema);
            open = () -> JdbcEventStore.postgres(Fixtures.PG_URL).schema(schema).maxPoolSize(4).build();
        }
        List<JdbcEventStore> stores = new ArrayList<>();
        List<ConsumerGroup<JdbcTransaction>> group = new ArrayList<>();
        try {
            JdbcEventStore first = open.get();
            stores.add(first);
            String handled = first.schema().map(s -> '"' + s + "\".handled").orElse("handled");
            try (Connection connection = first.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + handled + " (position BIGINT PRIMARY KEY, stream_id TEXT NOT NULL)");
            }
            append(first, events);
            String insert = "INSERT INTO " + handled + " (position, stream_id) VALUES (?, ?)";
            long started = System.nanoTime();
            for (int m = 0; m < members; m++) {
                JdbcEventStore store = m == 0 ? first : open.get();
                if (m > 0) {
                    stores.add(store);
                }
                group.add(ConsumerGroup.<JdbcTransaction>builder("bench", store)
                        .member("m" + m)
                        .leaseTime(Duration.ofSeconds(5))
                        .heartbeatInterval(Duration.ofMillis(500))
                        .filter(EventFilter.category("job"))
                        .retry(RetryPolicy.forever(Duration.ofMillis(10), Duration.ofMillis(200)))
                        .checkpointInterval(Duration.ofSeconds(1))
                        .reaction((event, ctx) -> {
                            try (PreparedStatement row = ctx.transaction().connection().prepareStatement(insert)) {
                                row.setLong(1, event.position());
                                row.setString(2, event.streamId());
                                row.executeUpdate();
                            }
                        })
                        .start());
            }
            awaitHandled(first, handled, events);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%s, %d members: %d events in %.1f s%n", backend, members, events, seconds);
            return seconds;
        } finally {
            group.forEach(ConsumerGroup::close);
            stores.forEach(JdbcEventStore::close);
            if (directory != null) {
                try (var files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(directory);
            } else {
                Fixtures.dropSchema(schema);
            }
        }
    }

    private static void awaitHandled(JdbcEventStore store, String handled, int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (var row = statement.executeQuery("SELECT count(*) FROM " + handled)) {
                    row.next();
                    if (row.getLong(1) >= events) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the group did not handle " + events + " events in 10 minutes");
    }

    /** Appends {@code events} events to 1,000 streams, 10 at a time, 100 appends a transaction. */
    private static void append(JdbcEventStore store, int events) throws SQLException {
        int perStream = events / STREAMS;
        for (int v = 0; v < perStream; v += 10) {
            int from = v;
            int size = Math.min(10, perStream - v);
            for (int s0 = 0; s0 < STREAMS; s0 += 100) {
                int block = s0;
                store.inTransaction(tx -> {
                    for (int s = block; s < block + 100; s++) {
                        List<EventData> batch = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            batch.add(EventData.of("Job", "{\"n\":" + (from + i + 1) + "}"));
                        }
                        tx.append("job-" + s, ExpectedVersion.exactly(from), batch);
                    }
                    return null;
                });
            }
        }
    }
}
