package dev.eventstore.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.QueryPlanLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plans SQLite makes for backward reads by query ({@code readBackward}, {@code readLast}), on an
 * analysed file holding the log of {@link QueryPlanLog} (20,001 events): every table is searched
 * through an index (the (type, position) index, the tags' primary key, or the events' own key), never
 * scanned whole.
 */
class SqliteQueryPlanTest {

    @TempDir
    static Path directory;

    private static Path file;

    @BeforeAll
    static void fillALog() throws SQLException {
        file = directory.resolve("plans.db");
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).build()) {
            QueryPlanLog.fill(store);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
    }

    /** Query shapes, and what the plan must search. */
    private static Map<Query, List<String>> shapes() {
        return Map.of(
                Query.of(QueryItem.types("Rare")), List.of("events_type_position_idx"),
                Query.of(QueryItem.types("Type3", "NoSuchType")), List.of("events_type_position_idx"),
                Query.of(QueryItem.tags("username:nobody")), List.of("SEARCH event_tags USING PRIMARY KEY"),
                Query.of(QueryItem.types("Type3").withTags("username:u3")),
                List.of("SEARCH event_tags USING PRIMARY KEY"),
                Query.of(QueryItem.types("Rare"), QueryItem.tags("username:u7")),
                List.of("events_type_position_idx", "SEARCH event_tags USING PRIMARY KEY"),
                Query.all(), List.of("SEARCH events USING INTEGER PRIMARY KEY"));
    }

    @Test
    void backwardReadsByQuerySearchIndexesAndNeverScanATable() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (Map.Entry<Query, List<String>> shape : shapes().entrySet()) {
                String plan;
                try (PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN QUERY PLAN " + SqliteSql.readBackward(shape.getKey()))) {
                    SqliteDialect.bindBackward(explain, shape.getKey(), Long.MAX_VALUE, 1);
                    plan = plan(explain);
                }
                assertThat(plan).as("plan of %s", shape.getKey()).contains(shape.getValue())
                        .doesNotContain("SCAN events").doesNotContain("SCAN event_tags");
            }
        }
    }

    @Test
    void theWholeLogIsReadBackwardAlongItsKeyWithoutSorting() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN QUERY PLAN " + SqliteSql.readBackward(Query.all()))) {
            SqliteDialect.bindBackward(explain, Query.all(), Long.MAX_VALUE, 1);
            assertThat(plan(explain)).contains("SEARCH events USING INTEGER PRIMARY KEY (rowid<?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    private static String plan(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString("detail")).append('\n');
            }
        }
        return plan.toString();
    }
}
