package example.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstore.EventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eventstore-jdbc used from a named module: what it exports, and both stores working there. */
class ModulePathTest {

    private static final Module JDBC = JdbcEventStore.class.getModule();

    @Test
    void thisCodeAndTheLibraryRunAsNamedModules() {
        assertEquals("example.jdbc", ModulePathTest.class.getModule().getName());
        assertEquals("dev.eventstore.jdbc", JDBC.getName());
        assertEquals("dev.eventstore.core", EventStore.class.getModule().getName());
        assertFalse(JDBC.getDescriptor().isAutomatic(), "eventstore-jdbc has a module descriptor");
        assertFalse(JDBC.getDescriptor().isOpen());
    }

    @Test
    void jdbcExportsItsApiPackagesOnly() {
        ModuleDescriptor descriptor = JDBC.getDescriptor();

        assertEquals(Set.of("dev.eventstore.jdbc"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(descriptor.opens().isEmpty(), "jdbc opens no package");
        assertTrue(descriptor.packages().contains("dev.eventstore.jdbc.internal"));
        assertFalse(JDBC.isExported("dev.eventstore.jdbc.internal", ModulePathTest.class.getModule()));
        assertFalse(EventStore.class.getModule().isExported("dev.eventstore.internal",
                ModulePathTest.class.getModule()));
    }

    @Test
    void requiringJdbcGivesTheCoreApiToo() {
        // requires transitive: this module reads dev.eventstore.core without naming it.
        assertTrue(ModulePathTest.class.getModule().canRead(EventStore.class.getModule()));
    }

    @Test
    void theReadmeExampleRunsOnSqlite() throws Exception {
        for (String file : List.of("bank.db", "bank.db-wal", "bank.db-shm")) {
            Files.deleteIfExists(Path.of(file));
        }
        RootReadme.onSqlite();
        try (EventStore store = JdbcEventStore.sqlite(Path.of("bank.db")).build()) {
            assertEquals(2, store.streamVersion("account-42"));
        }
    }

    @Test
    void theReadmeExampleRunsOnPostgres() throws Exception {
        String url = postgresUrl();
        String schema = "consumer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            RootReadme.onPostgres(url, schema);
            try (EventStore store = JdbcEventStore.postgres(url).schema(schema).build()) {
                assertEquals(2, store.streamVersion("account-42"));
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    @Test
    void theTypedExampleRunsOnSqlite(@TempDir Path dir) throws Exception {
        try (JdbcEventStore store = JdbcEventStore.sqlite(dir.resolve("accounts.db")).build()) {
            assertEquals(Map.of("account-42", new BigDecimal("15.50")), CoreReadme.example(store));
        }
    }

    @Test
    void theExamplesHereAreTheReadmesAsTheyAre() throws Exception {
        Path sources = Path.of(System.getProperty("basedir"), "src/main/java/example/jdbc");
        Path repository = Path.of(System.getProperty("readme.dir"));
        assertQuoted(repository.resolve("README.md"), region(sources.resolve("RootReadme.java"), "README", 8));
        assertQuoted(repository.resolve("eventstore-core/README.md"),
                region(sources.resolve("CoreReadme.java"), "README", 4));
    }

    private static String region(Path source, String name, int indent) throws IOException {
        String marker = " ".repeat(indent) + "// " + name + ":";
        return Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                .dropWhile(line -> !line.equals(marker + "start")).skip(1)
                .takeWhile(line -> !line.equals(marker + "end"))
                .map(line -> line.length() >= indent ? line.substring(indent) : line)
                .collect(Collectors.joining("\n"));
    }

    private static void assertQuoted(Path readme, String code) throws IOException {
        assertFalse(code.isBlank(), "no README region");
        assertTrue(Files.readString(readme, StandardCharsets.UTF_8).contains(code), readme + " must quote:\n" + code);
    }

    /** The server, or a skip that says why (a failure when EVENTSTORE_PG_REQUIRED=true). */
    private static String postgresUrl() {
        String url = System.getenv("EVENTSTORE_PG_URL");
        url = url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
        try (Connection ignored = DriverManager.getConnection(url)) {
            return url;
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("EVENTSTORE_PG_REQUIRED"))) {
                throw new AssertionError(message + " (EVENTSTORE_PG_REQUIRED=true)", e);
            }
            Assumptions.abort("SKIPPED: " + message);
            throw new AssertionError("unreachable");
        }
    }
}
