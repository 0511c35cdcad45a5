package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.QueryPlanLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plans PostgreSQL makes for backward reads by query ({@code readBackward}, {@code readLast}), on
 * the analysed log of {@link QueryPlanLog} (20,001 events): each item is read through its own index,
 * under a custom plan (the values known) and under the generic plan a server-side prepared statement
 * ends up with. A read of the newest event of a tag that no event carries, or of a rare type, must not
 * walk the log backward event by event.
 */
class PostgresQueryPlanTest {

    private static String schema;
    private static PostgresSql sql;

    @BeforeAll
    static void fillALog() throws SQLException {
        PostgresDatabase.assumeAvailable();
        schema = PostgresDatabase.newSchema();
        try (JdbcEventStore store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build()) {
            QueryPlanLog.fill(store);
        }
        try (Connection connection = PostgresDatabase.pool().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE \"" + schema + "\".events");
        }
        sql = new PostgresSql('"' + schema + '"', "eventstore_" + schema);
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    /** The shapes of query a decision reads backward, and the index each must be read through. */
    private static Map<Query, List<String>> shapes() {
        return Map.of(
                Query.of(QueryItem.types("Rare")), List.of("events_type_position_idx"),
                Query.of(QueryItem.types("Type3", "NoSuchType")), List.of("events_type_position_idx"),
                Query.of(QueryItem.tags("username:nobody")), List.of("events_tags_idx"),
                Query.of(QueryItem.types("Type3").withTags("username:u3")), List.of("events_tags_idx"),
                Query.of(QueryItem.types("Type3", "Type4").withTags("account:5", "username:u5")),
                List.of("events_tags_idx"),
                Query.of(QueryItem.types("Rare"), QueryItem.tags("username:u7")),
                List.of("events_type_position_idx", "events_tags_idx"));
    }

    @Test
    void eachItemOfABackwardReadIsReadThroughItsOwnIndexUnderACustomPlan() throws SQLException {
        for (Map.Entry<Query, List<String>> shape : shapes().entrySet()) {
            assertReadThrough(shape.getKey(), explain(shape.getKey(), false), shape.getValue());
        }
    }

    @Test
    void eachItemOfABackwardReadIsReadThroughItsOwnIndexUnderTheGenericPlan() throws SQLException {
        for (Map.Entry<Query, List<String>> shape : shapes().entrySet()) {
            assertReadThrough(shape.getKey(), explain(shape.getKey(), true), shape.getValue());
        }
    }

    @Test
    void theWholeLogIsReadBackwardAlongThePrimaryKey() throws SQLException {
        for (boolean generic : new boolean[] {false, true}) {
            String plan = explain(Query.all(), generic);
            assertThat(plan).as("plan of Query.all() (generic %s)", generic).contains("Backward using events_pkey")
                    .doesNotContain("Seq Scan").doesNotContain("Sort");
        }
    }

    private static void assertReadThrough(Query query, String plan, List<String> indexes) {
        assertThat(plan).as("plan of %s", query).contains(indexes).doesNotContain("Seq Scan")
                // The primary key only fetches the rows found, by position; it is never walked.
                .doesNotContain("Backward using events_pkey");
    }

    /**
     * @param generic true for the plan a server-side prepared statement gets once PostgreSQL stops
     *     planning for its values
     * @return the plan of the backward read of {@code query}, as text
     */
    private static String explain(Query query, boolean generic) throws SQLException {
        String statement = sql.readBackward(query);
        try (Connection connection = PostgresDatabase.pool().getConnection()) {
            if (!generic) {
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement)) {
                    PostgresSql.bindBackward(connection, explain, query, Long.MAX_VALUE, 1);
                    return plan(explain);
                }
            }
            try (Statement session = connection.createStatement()) {
                session.execute("SET plan_cache_mode = force_generic_plan");
                session.execute("PREPARE backward AS " + numbered(statement));
            }
            // EXECUTE takes no bind parameters: the values the dialect binds are written out as literals.
            String[] values = new String[count(statement)];
            PostgresSql.bindBackward(connection, literals(values), query, Long.MAX_VALUE, 1);
            try (PreparedStatement explain = connection.prepareStatement(
                    "EXPLAIN EXECUTE backward(" + String.join(", ", values) + ")")) {
                return plan(explain);
            } finally {
                try (Statement session = connection.createStatement()) {
                    session.execute("DEALLOCATE backward");
                    session.execute("RESET plan_cache_mode");
                }
            }
        }
    }

    /**
     * @param values receives, at each parameter's index less one, the SQL literal of the value bound
     * @return a statement that only records what is bound to it
     */
    private static PreparedStatement literals(String[] values) {
        return (PreparedStatement) java.lang.reflect.Proxy.newProxyInstance(
                PostgresQueryPlanTest.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    String literal = switch (method.getName()) {
                        case "setString" -> "'" + args[1].toString().replace("'", "''") + "'";
                        case "setLong", "setInt" -> args[1].toString();
                        case "setArray" -> "'" + args[1].toString().replace("'", "''") + "'::text[]";
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                    values[(Integer) args[0] - 1] = literal;
                    return null;
                });
    }

    private static String plan(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** @return the statement with its {@code ?} parameters numbered {@code $1, $2, ...} */
    private static String numbered(String statement) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : statement.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int count(String statement) {
        return (int) statement.chars().filter(c -> c == '?').count();
    }
}
