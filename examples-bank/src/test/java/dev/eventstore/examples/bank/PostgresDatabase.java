package dev.eventstore.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the bank's tests run against: {@code EVENTSTORE_PG_URL}, by default the local
 * one. Without a server the tests are skipped, loudly; with {@code EVENTSTORE_PG_REQUIRED=true} (as in
 * CI) they fail instead. Each test gets a fresh schema; the test class drops them when it ends.
 * (A copy of eventstore-jdbc's test helper: that module does not publish its tests.)
 */
final class PostgresDatabase {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static volatile Boolean available;
    private static volatile HikariDataSource pool;
    private static final List<String> SCHEMAS = new CopyOnWriteArrayList<>();

    private PostgresDatabase() {
    }

    static String url() {
        String url = System.getenv("EVENTSTORE_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("EVENTSTORE_PG_REQUIRED"));
    }

    /** Skips the calling test (or fails it, when required) if the server does not answer. */
    static void assumeAvailable() {
        if (available == null) {
            synchronized (PostgresDatabase.class) {
                if (available == null) {
                    available = probe();
                }
            }
        }
        if (!available) {
            String message = "PostgreSQL is not reachable at " + url() + "; set EVENTSTORE_PG_URL to a server";
            if (required()) {
                throw new AssertionError(message + " (EVENTSTORE_PG_REQUIRED=true, so this fails the build)");
            }
            Assumptions.abort("SKIPPED: " + message);
        }
    }

    /** @return a pool shared by the tests of this JVM */
    static HikariDataSource pool() {
        assumeAvailable();
        if (pool == null) {
            synchronized (PostgresDatabase.class) {
                if (pool == null) {
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(url());
                    config.setMaximumPoolSize(16);
                    config.setPoolName("bank-tests");
                    pool = new HikariDataSource(config);
                }
            }
        }
        return pool;
    }

    /** @return the name of a schema no other test uses; {@link #dropSchemas()} drops it */
    static String newSchema() {
        String schema = "bank_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        SCHEMAS.add(schema);
        return schema;
    }

    /** Drops every schema {@link #newSchema()} handed out so far. */
    static void dropSchemas() {
        if (pool == null) {
            return;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String schema : SCHEMAS) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                SCHEMAS.remove(schema);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schemas", e);
        }
    }

    private static boolean probe() {
        try (Connection connection = DriverManager.getConnection(url())) {
            return connection.isValid(5);
        } catch (SQLException e) {
            System.err.println();
            System.err.println("*** PostgreSQL bank tests: no server at " + url() + " (" + e.getMessage() + ")");
            System.err.println(required()
                    ? "*** EVENTSTORE_PG_REQUIRED=true: the PostgreSQL tests FAIL"
                    : "*** The PostgreSQL tests are SKIPPED. Set EVENTSTORE_PG_URL, or EVENTSTORE_PG_REQUIRED=true to fail.");
            System.err.println();
            return false;
        }
    }
}
