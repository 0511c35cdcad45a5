package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schema made by the previous version of the library (migrations V1 to V3, appends through the
 * 15-argument {@code append_events}) opens with this version, keeps its events, and still serves the
 * processes of the previous version during a rolling upgrade.
 */
class PostgresUpgradeTest {

    private static final int PREVIOUS_VERSION_MIGRATIONS = 3;

    @BeforeEach
    void requireServer() {
        PostgresDatabase.assumeAvailable();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Test
    void aSchemaOfThePreviousVersionIsMigratedAndKeepsServingBothVersions() throws Exception {
        String schema = PostgresDatabase.newSchema();
        PostgresSql sql = new PostgresSql('"' + schema + '"', "eventstore_" + schema);
        new PostgresMigrations(PostgresDatabase.pool(), schema, sql, PREVIOUS_VERSION_MIGRATIONS).migrate(schema);
        assertThat(history(schema)).containsExactly(1, 2, 3);
        assertThat(previousVersionAppend(schema, "account-7", 0, "Opened")).isEqualTo("ok");
        assertThat(previousVersionAppend(schema, "account-7", 1, "Deposited")).isEqualTo("ok");

        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            assertThat(history(schema)).containsExactly(1, 2, 3, 4, 5);
            assertThat(store.readStream("account-7").map(RecordedEvent::type).toList())
                    .containsExactly("Opened", "Deposited");

            store.append("account-7", ExpectedVersion.exactly(2), List.of(EventData.of("Withdrawn", "{}")));
            // A process still on the previous version appends after the upgrade, through the old function.
            assertThat(previousVersionAppend(schema, "account-7", 3, "Closed")).isEqualTo("ok");

            List<RecordedEvent> log = store.readAll(0, 100).toList();
            assertThat(log).extracting(RecordedEvent::type).containsExactly("Opened", "Deposited", "Withdrawn", "Closed");
            assertThat(log).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L, 4L);
            assertThat(log).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
        }
    }

    /** An append as the previous version of the library made it: the function of migration V1. */
    private static String previousVersionAppend(String schema, String streamId, long expected, String type)
            throws Exception {
        int allKey = LockKeys.of("all events");
        int typeKey = LockKeys.of("type:" + type);
        Integer[] keys = allKey < typeKey ? new Integer[] {allKey, typeKey} : new Integer[] {typeKey, allKey};
        try (Connection connection = PostgresDatabase.pool().getConnection();
                PreparedStatement call = connection.prepareStatement("SELECT status FROM \"" + schema
                        + "\".append_events(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            call.setString(1, streamId);
            call.setString(2, streamId.substring(0, streamId.indexOf('-')));
            call.setLong(3, expected);
            call.setArray(4, connection.createArrayOf("uuid", new UUID[] {UUID.randomUUID()}));
            call.setArray(5, connection.createArrayOf("text", new String[] {type}));
            call.setArray(6, connection.createArrayOf("text", new String[] {"{}"}));
            call.setArray(7, connection.createArrayOf("text", new String[] {"{}"}));
            call.setArray(8, connection.createArrayOf("text", new String[] {"[]"}));
            call.setArray(9, connection.createArrayOf("int4",
                    new Integer[] {LockKeys.of("eventstore:" + schema + ":stream"), LockKeys.of(streamId)}));
            call.setInt(10, LockKeys.of("eventstore:" + schema + ":tag"));
            call.setArray(11, connection.createArrayOf("int4", keys));
            call.setArray(12, connection.createArrayOf("bool", new Boolean[] {false, false}));
            call.setArray(13, null);
            call.setArray(14, null);
            call.setNull(15, java.sql.Types.BIGINT);
            try (ResultSet row = call.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static List<Integer> history(String schema) throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = PostgresDatabase.pool().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT version FROM \"" + schema + "\".schema_migrations ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }
}
