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

    static JdbcEventStore postgres(String schema, int pageSize) {
        dropSchema(schema);
        return JdbcEventStore.postgres(PG_URL).schema(schema).pageSize(pageSize).maxPoolSize(8).build();
    }

    static HikariDataSource postgresPool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PG_URL);
        config.setMaximumPoolSize(8);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    static HikariDataSource sqlitePool(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setMaximumPoolSize(4);
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

    static EventData event(int n) {
        return EventData.of("MoneyWithdrawn", payload(n)).withMetadata(METADATA);
    }

    /** Writes events to a baseline the way the store gets them: one stream, one transaction. */
    static void appendBatch(RawJdbc raw, String streamId, List<EventData> events) throws Exception {
        raw.appendBatch(streamId, events.get(0).type(), events.stream().map(EventData::data).toList(),
                events.get(0).metadata());
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
