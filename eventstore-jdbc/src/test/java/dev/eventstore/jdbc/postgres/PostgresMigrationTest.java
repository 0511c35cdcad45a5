package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresMigrationTest {

    @BeforeEach
    void requireServer() {
        PostgresDatabase.assumeAvailable();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void storesStartingAtOnceMigrateTheSchemaExactlyOnce() throws Exception {
        String schema = PostgresDatabase.newSchema();
        int starters = 6;
        CyclicBarrier together = new CyclicBarrier(starters);
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        List<Future<JdbcEventStore>> stores = new ArrayList<>();
        for (int i = 0; i < starters; i++) {
            stores.add(pool.submit(() -> {
                together.await();
                return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build();
            }));
        }
        for (Future<JdbcEventStore> store : stores) {
            store.get().append("migrated-1", ExpectedVersion.any(), List.of(EventData.of("Ok", "{}")));
            store.get().close();
        }
        pool.shutdown();
        assertThat(history(schema)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void startingAgainAppliesNothingAndKeepsTheEvents() {
        String schema = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            store.append("kept-1", ExpectedVersion.noStream(), List.of(EventData.of("Kept", "{}")));
        }
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            assertThat(store.streamVersion("kept-1")).isEqualTo(1);
        }
        assertThat(history(schema)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aSchemaNewerThanTheLibraryIsRefusedWithBothVersionsNamed() throws Exception {
        String schema = PostgresDatabase.newSchema();
        JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build().close();
        try (Connection connection = PostgresDatabase.pool().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"" + schema + "\".schema_migrations VALUES (99, 'future', 'now')");
        }
        assertThatThrownBy(() -> JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("version 99")
                .hasMessageContaining("(5)");
    }

    @Test
    void schemaNamesThatAreNotPlainIdentifiersAreRejected() {
        for (String bad : List.of("", "Upper", "1abc", "a-b", "a\"; drop schema public; --", "x".repeat(51))) {
            assertThatThrownBy(() -> JdbcEventStore.postgres(PostgresDatabase.pool()).schema(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("schema")
                    .hasMessageContaining(bad.length() > 60 ? bad.substring(0, 10) : bad);
        }
    }

    @Test
    void anUnreachableServerIsAnExceptionNamingTheUrl() {
        assertThatThrownBy(() -> JdbcEventStore.postgres("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1")
                .build())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    private static List<Integer> history(String schema) {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = PostgresDatabase.pool().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT version FROM \"" + schema + "\".schema_migrations ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return versions;
    }
}
