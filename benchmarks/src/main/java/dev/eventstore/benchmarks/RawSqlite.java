package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The baseline on SQLite: the same minimal table with {@code TEXT} JSON, in a WAL-mode file with
 * {@code synchronous=FULL}, as the store uses by default.
 */
final class RawSqlite extends RawJdbc {

    private final Path file;

    RawSqlite() throws SQLException {
        this(Fixtures.tempFile("raw"));
    }

    private RawSqlite(Path file) throws SQLException {
        super(Fixtures.sqlitePool(file), "", "?", "%s");
        this.file = file;
        execute("CREATE TABLE raw_events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, "
                + "version INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, "
                + "UNIQUE (stream_id, version))");
        execute("CREATE TABLE raw_tags (tag TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (tag, position)) "
                + "WITHOUT ROWID");
        createTables("INTEGER", "TEXT");
    }

    // A transaction that will write takes the write lock at once, as the store does.
    @Override
    void begin(Connection connection) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    void rollback(Connection connection) throws SQLException {
        execute(connection, "ROLLBACK");
    }

    @Override
    long appendIfNoneAfter(String streamId, String tag, long after, String type, String data, String metadata)
            throws SQLException {
        try (Connection connection = pool().getConnection()) {
            begin(connection);
            try {
                try (PreparedStatement check = connection.prepareStatement(
                        "SELECT 1 FROM raw_tags WHERE tag = ? AND position > ? LIMIT 1")) {
                    check.setString(1, tag);
                    check.setLong(2, after);
                    try (ResultSet row = check.executeQuery()) {
                        if (row.next()) {
                            rollback(connection);
                            return -1;
                        }
                    }
                }
                long position;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO raw_events (stream_id, "
                        + "version, type, data, metadata) SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ? "
                        + "FROM raw_events WHERE stream_id = ? RETURNING position")) {
                    insert.setString(1, streamId);
                    insert.setString(2, type);
                    insert.setString(3, data);
                    insert.setString(4, metadata);
                    insert.setString(5, streamId);
                    try (ResultSet row = insert.executeQuery()) {
                        row.next();
                        position = row.getLong(1);
                    }
                }
                try (PreparedStatement tagged = connection.prepareStatement(
                        "INSERT INTO raw_tags (tag, position) VALUES (?, ?)")) {
                    tagged.setString(1, tag);
                    tagged.setLong(2, position);
                    tagged.executeUpdate();
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
        Fixtures.deleteDirectory(file);
    }
}
