package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite baseline: the same hand-written JDBC as {@link RawPostgres}, on a minimal table in a
 * WAL-mode file with {@code synchronous=FULL}, as the store uses by default.
 */
final class RawSqlite implements AutoCloseable {

    private final Path file;
    private final HikariDataSource pool;

    RawSqlite() throws SQLException {
        this.file = Fixtures.tempFile("raw");
        this.pool = Fixtures.sqlitePool(file);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE raw_events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, "
                    + "version INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, "
                    + "UNIQUE (stream_id, version))");
            statement.execute("CREATE TABLE raw_tags (tag TEXT NOT NULL, position INTEGER NOT NULL, "
                    + "PRIMARY KEY (tag, position)) WITHOUT ROWID");
            statement.execute("CREATE TABLE raw_snapshots (stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                    + "state TEXT NOT NULL)");
            statement.execute("CREATE TABLE raw_counts (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL)");
            statement.execute("CREATE TABLE raw_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)");
        }
    }

    void append(String streamId, String type, String data, String metadata) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO raw_events (stream_id, version, "
                        + "type, data, metadata) SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ? FROM raw_events "
                        + "WHERE stream_id = ?")) {
            insert.setString(1, streamId);
            insert.setString(2, type);
            insert.setString(3, data);
            insert.setString(4, metadata);
            insert.setString(5, streamId);
            insert.executeUpdate();
        }
    }

    void appendBatch(String streamId, String type, List<String> data, String metadata) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            execute(connection, "BEGIN IMMEDIATE");
            try {
                long version;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT coalesce(max(version), 0) FROM raw_events WHERE stream_id = ?")) {
                    select.setString(1, streamId);
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        version = row.getLong(1);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO raw_events (stream_id, version, type, data, metadata) VALUES (?, ?, ?, ?, ?)")) {
                    for (String payload : data) {
                        insert.setString(1, streamId);
                        insert.setLong(2, ++version);
                        insert.setString(3, type);
                        insert.setString(4, payload);
                        insert.setString(5, metadata);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                execute(connection, "COMMIT");
            } catch (SQLException e) {
                execute(connection, "ROLLBACK");
                throw e;
            }
        }
    }

    void readStream(String streamId, RawPostgres.Rows rows) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data, "
                        + "metadata FROM raw_events WHERE stream_id = ? ORDER BY version")) {
            select.setString(1, streamId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.row(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4));
                }
            }
        }
    }

    long readAll(int pageSize, RawPostgres.Rows rows) throws Exception {
        long last = 0;
        long count = 0;
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data, "
                        + "metadata, stream_id FROM raw_events WHERE position > ? ORDER BY position LIMIT ?")) {
            while (true) {
                select.setLong(1, last);
                select.setInt(2, pageSize);
                int inPage = 0;
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        last = result.getLong(1);
                        rows.row(last, result.getLong(2), result.getString(3), result.getString(4));
                        inPage++;
                    }
                }
                count += inPage;
                if (inPage < pageSize) {
                    return count;
                }
            }
        }
    }

    long appendIfNoneAfter(String streamId, String tag, long after, String type, String data, String metadata)
            throws SQLException {
        try (Connection connection = pool.getConnection()) {
            execute(connection, "BEGIN IMMEDIATE");
            try {
                try (PreparedStatement check = connection.prepareStatement(
                        "SELECT 1 FROM raw_tags WHERE tag = ? AND position > ? LIMIT 1")) {
                    check.setString(1, tag);
                    check.setLong(2, after);
                    try (ResultSet row = check.executeQuery()) {
                        if (row.next()) {
                            execute(connection, "ROLLBACK");
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
                try (PreparedStatement tagInsert = connection.prepareStatement(
                        "INSERT INTO raw_tags (tag, position) VALUES (?, ?)")) {
                    tagInsert.setString(1, tag);
                    tagInsert.setLong(2, position);
                    tagInsert.executeUpdate();
                }
                execute(connection, "COMMIT");
                return position;
            } catch (SQLException e) {
                execute(connection, "ROLLBACK");
                throw e;
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Saves the state of a stream at a version, replacing the previous snapshot. */
    void saveSnapshot(String streamId, long version, String state) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO raw_snapshots"
                        + " (stream_id, version, state) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE "
                        + "SET version = excluded.version, state = excluded.state")) {
            upsert.setString(1, streamId);
            upsert.setLong(2, version);
            upsert.setString(3, state);
            upsert.executeUpdate();
        }
    }

    /**
     * Loads a stream's snapshot, then visits the events after it: what loading an aggregate from a
     * snapshot takes by hand. Returns the snapshot's state, or null if there is none.
     */
    String loadFromSnapshot(String streamId, RawPostgres.Rows rows) throws Exception {
        try (Connection connection = pool.getConnection()) {
            long version = 0;
            String state = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT version, state FROM "
                    + "raw_snapshots WHERE stream_id = ?")) {
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        version = row.getLong(1);
                        state = row.getString(2);
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data FROM "
                    + "raw_events WHERE stream_id = ? AND version > ? ORDER BY version")) {
                select.setString(1, streamId);
                select.setLong(2, version);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.row(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4));
                    }
                }
            }
            return state;
        }
    }

    /** Empties the projection's table and checkpoint. */
    void resetCounts() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM raw_counts");
            statement.execute("DELETE FROM raw_checkpoints");
        }
    }

    /**
     * A projection's catch-up by hand: read a page after the checkpoint, then in one transaction add
     * each stream's count and move the checkpoint; until a page comes back short.
     */
    long projectCounts(int pageSize) throws SQLException {
        long projected = 0;
        try (Connection connection = pool.getConnection()) {
            long checkpoint = 0;
            while (true) {
                java.util.Map<String, Long> counts = new java.util.HashMap<>();
                long last = checkpoint;
                int inPage = 0;
                try (PreparedStatement select = connection.prepareStatement("SELECT position, stream_id FROM "
                        + "raw_events WHERE position > ? ORDER BY position LIMIT ?")) {
                    select.setLong(1, checkpoint);
                    select.setInt(2, pageSize);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            last = result.getLong(1);
                            counts.merge(result.getString(2), 1L, Long::sum);
                            inPage++;
                        }
                    }
                }
                if (inPage > 0) {
                    writeCounts(connection, counts, last);
                    checkpoint = last;
                    projected += inPage;
                }
                if (inPage < pageSize) {
                    return projected;
                }
            }
        }
    }

    private void writeCounts(Connection connection, java.util.Map<String, Long> counts, long checkpoint)
            throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO raw_counts"
                + " (stream_id, events) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE "
                + "SET events = raw_counts.events + excluded.events");
                PreparedStatement move = connection.prepareStatement("INSERT INTO raw_checkpoints"
                        + " (name, position) VALUES ('counts', ?) ON CONFLICT (name) DO UPDATE "
                        + "SET position = excluded.position")) {
            for (java.util.Map.Entry<String, Long> count : counts.entrySet()) {
                upsert.setString(1, count.getKey());
                upsert.setLong(2, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
            move.setLong(1, checkpoint);
            move.executeUpdate();
            execute(connection, "COMMIT");
        } catch (SQLException e) {
            execute(connection, "ROLLBACK");
            throw e;
        }
    }

    @Override
    public void close() {
        pool.close();
        Fixtures.deleteDirectory(file);
    }
}
