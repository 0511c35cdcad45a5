package example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the consumer build: {@code EVENTSTORE_PG_URL}, by default the local one.
 * Without a server the PostgreSQL tests are skipped and say so; with
 * {@code EVENTSTORE_PG_REQUIRED=true} they fail. Each test works in a schema of its own.
 */
final class Postgres {

    private Postgres() {
    }

    static String url() {
        String url = System.getenv("EVENTSTORE_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }

    static void assumeReachable() {
        try (Connection ignored = DriverManager.getConnection(url())) {
            // reachable
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url() + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("EVENTSTORE_PG_REQUIRED"))) {
                throw new AssertionError(message + " (EVENTSTORE_PG_REQUIRED=true)", e);
            }
            Assumptions.abort("SKIPPED: " + message);
        }
    }

    /** @return the name of a schema that does not exist yet; the store creates it */
    static String freshSchema() {
        return "consumer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static void drop(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
