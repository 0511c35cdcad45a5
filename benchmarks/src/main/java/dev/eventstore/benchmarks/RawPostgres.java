package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The baseline on PostgreSQL: {@code position bigserial}, {@code data jsonb}, in a schema of its own. */
final class RawPostgres extends RawJdbc {

    private final String schema;

    RawPostgres(String schema) throws SQLException {
        super(pool(schema), "\"" + schema + "\".", "?::jsonb", "%s::text");
        this.schema = schema;
        execute("CREATE SCHEMA \"" + schema + "\"");
        execute("CREATE TABLE " + events() + " (position bigserial PRIMARY KEY, stream_id text NOT NULL, "
                + "version bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, "
                + "tags text[] NOT NULL DEFAULT '{}', UNIQUE (stream_id, version))");
        createTables("bigint", "text");
    }

    private static HikariDataSource pool(String schema) {
        Fixtures.dropSchema(schema);
        return Fixtures.postgresPool("raw-" + schema);
    }

    @Override
    void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    @Override
    void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    void rollback(Connection connection) throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }

    @Override
    long appendIfNoneAfter(String streamId, String tag, long after, String type, String data, String metadata)
            throws SQLException {
        try (Connection connection = pool().getConnection()) {
            begin(connection);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, tag);
                    lock.execute();
                }
                try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM " + events()
                        + " WHERE position > ? AND tags @> ARRAY[?]::text[] LIMIT 1")) {
                    check.setLong(1, after);
                    check.setString(2, tag);
                    try (ResultSet row = check.executeQuery()) {
                        if (row.next()) {
                            rollback(connection);
                            return -1;
                        }
                    }
                }
                long position;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + events()
                        + " (stream_id, version, type, data, metadata, tags) SELECT ?, coalesce(max(version), 0) + 1, "
                        + "?, ?::jsonb, ?::jsonb, ARRAY[?]::text[] FROM " + events() + " WHERE stream_id = ? "
                        + "RETURNING position")) {
                    insert.setString(1, streamId);
                    insert.setString(2, type);
                    insert.setString(3, data);
                    insert.setString(4, metadata);
                    insert.setString(5, tag);
                    insert.setString(6, streamId);
                    try (ResultSet row = insert.executeQuery()) {
                        row.next();
                        position = row.getLong(1);
                    }
                }
                commit(connection);
                return position;
            } catch (SQLException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        ((HikariDataSource) pool()).close();
        Fixtures.dropSchema(schema);
    }
}
