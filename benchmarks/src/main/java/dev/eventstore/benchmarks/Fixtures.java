package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.memory.InMemoryEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Where the benchmarks' stores and baselines live, and the events they write. */
final class Fixtures {

    /** The server, as for the tests: {@code EVENTSTORE_PG_URL} or the local default. */
    static final String PG_URL = System.getenv().getOrDefault("EVENTSTORE_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    /** Streams are picked among this many, so nearly every append starts a new one. */
    static final int STREAM_SPACE = 1_000_000;

    private Fixtures() {
    }

    static EventStore memory() {
        return new InMemoryEventStore();
    }

    static JdbcEventStore sqlite(Path file, int pageSize) {
        return JdbcEventStore.sqlite(file).pageSize(pageSize).build();
    }

    /** The application name of the store's sessions, for {@link WaitEventSampler}. */
    static final String STORE_APPLICATION = "eventstore-bench-store";

    /**
     * A PostgreSQL store in a fresh schema. Its notifications to other processes are on, as by
     * default, unless the system property {@code bench.notifications} is {@code false} (to measure
     * what they cost: {@code -jvmArgsAppend -Dbench.notifications=false}).
     */
    static JdbcEventStore postgres(String schema, int pageSize) {
        dropSchema(schema);
        return JdbcEventStore.postgres(withApplicationName(PG_URL, STORE_APPLICATION)).schema(schema)
                .pageSize(pageSize).maxPoolSize(8)
                .notifications(Boolean.parseBoolean(System.getProperty("bench.notifications", "true")))
                .build();
    }

    /** The URL with {@code ApplicationName} set, so that {@code pg_stat_activity} tells the sides apart. */
    static String withApplicationName(String url, String applicationName) {
        return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    }

    static HikariDataSource postgresPool(String name) {
        return postgresPool(name, "eventstore-bench", config -> { });
    }

    /**
     * @param name the pool's name
     * @param applicationName what {@code pg_stat_activity} shows for its sessions
     * @param tune more settings, applied before the pool starts
     */
    static HikariDataSource postgresPool(String name, String applicationName, Consumer<HikariConfig> tune) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withApplicationName(PG_URL, applicationName));
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        tune.accept(config);
        return new HikariDataSource(config);
    }

    static HikariDataSource sqlitePool(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setMaximumPoolSize(10);
        config.setPoolName("raw-sqlite");
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        return new HikariDataSource(config);
    }

    static void dropSchema(String schema) {
        try (HikariDataSource pool = postgresPool("drop-" + schema);
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + PG_URL, e);
        }
    }

    /** Runs one statement of set-up on a connection of its own. */
    static void execute(String sql) {
        try (HikariDataSource pool = postgresPool("setup");
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + PG_URL, e);
        }
    }

    static Path tempFile(String prefix) {
        try {
            Path directory = Files.createTempDirectory("eventstore-bench-" + prefix);
            return directory.resolve(prefix + ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteDirectory(Path file) {
        if (file == null) {
            return;
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path path : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String randomStream(String category) {
        return category + "-" + ThreadLocalRandom.current().nextInt(STREAM_SPACE);
    }

    /** A payload the size of a bank transaction: about 150 bytes of JSON. */
    static String payload(int n) {
        return "{\"accountId\":\"00005-123-456-7\",\"amount\":" + Math.floorMod(n, 1000) + ".25,\"currency\":\"CAD\","
                + "\"description\":\"Interac Purchase - ELECTRONICS\",\"reference\":\"" + n + "\"}";
    }

    static final String METADATA = "{\"correlationId\":\"7c1e6a52-3e0f-4d63-9f43-5a6f2d1b8c11\"}";

    /** The correlation id of {@link #METADATA}, for stores that take metadata as a map. */
    static final String CORRELATION_ID = "7c1e6a52-3e0f-4d63-9f43-5a6f2d1b8c11";

    static EventData event(int n) {
        return EventData.of("MoneyWithdrawn", payload(n)).withMetadata(METADATA);
    }

    /** The event of {@link #payload(int)} as a record, for stores that serialize objects themselves. */
    static MoneyWithdrawn withdrawal(int n) {
        return new MoneyWithdrawn("00005-123-456-7", new java.math.BigDecimal(Math.floorMod(n, 1000) + ".25"), "CAD",
                "Interac Purchase - ELECTRONICS", Integer.toString(n));
    }

    /** Writes events to a baseline the way the store gets them: one stream, one transaction. */
    static void appendBatch(RawJdbc raw, String streamId, List<EventData> events) throws Exception {
        raw.appendBatch(streamId, events);
    }

    /** Fills a baseline with the log of {@link ReadAllBenchmark#batches()}, streams named {@code prefix-n}. */
    static void fillLog(RawJdbc raw, String prefix) throws Exception {
        List<List<EventData>> batches = ReadAllBenchmark.batches();
        for (int b = 0; b < batches.size(); b++) {
            appendBatch(raw, prefix + "-" + b, batches.get(b));
        }
    }

    /** Fills a store with the log of {@link ReadAllBenchmark#batches()}, streams named {@code prefix-n}. */
    static void fillLog(EventStore store, String prefix) {
        List<List<EventData>> batches = ReadAllBenchmark.batches();
        for (int b = 0; b < batches.size(); b++) {
            store.append(prefix + "-" + b, dev.eventstore.ExpectedVersion.noStream(), batches.get(b));
        }
    }
}
