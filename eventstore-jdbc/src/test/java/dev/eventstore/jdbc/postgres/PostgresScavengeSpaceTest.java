package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcScavengeContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The space a scavenge gives back on PostgreSQL, measured in a database of its own: VACUUM keeps the
 * rows any transaction of the same database might still see, and the server is shared with other
 * test runs.
 */
class PostgresScavengeSpaceTest implements JdbcScavengeContract {

    private String database;
    private JdbcEventStore store;

    @BeforeEach
    void open() throws SQLException {
        database = "es_scavenge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + database);
        String url = PostgresDatabase.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        store = JdbcEventStore.postgres(url).build();
    }

    @AfterEach
    void close() throws SQLException {
        if (store != null) {
            store.close();
        }
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = PostgresDatabase.pool().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public EventStore store() {
        return store;
    }
}
