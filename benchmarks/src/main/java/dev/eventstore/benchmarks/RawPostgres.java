package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The baseline: what a team would write by hand with plain JDBC against the minimal table of an
 * event log, {@code position bigserial} and {@code UNIQUE (stream_id, version)}. It does the same
 * work as the store for each workload, and no more: no idempotency, no tags index, no ordering
 * guarantee for readers.
 */
final class RawPostgres implements AutoCloseable {

    private final String schema;
    private final String table;
    private final HikariDataSource pool;

    RawPostgres(String schema) throws SQLException {
        this.schema = schema;
        this.table = "\"" + schema + "\".raw_events";
        Fixtures.dropSchema(schema);
        this.pool = Fixtures.postgresPool("raw-" + schema);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA \"" + schema + "\"");
            statement.execute("CREATE TABLE " + table + " ("
                    + "position bigserial PRIMARY KEY, stream_id text NOT NULL, version bigint NOT NULL, "
                    + "type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, "
                    + "tags text[] NOT NULL DEFAULT '{}', UNIQUE (stream_id, version))");
            statement.execute("CREATE TABLE \"" + schema + "\".raw_snapshots (stream_id text PRIMARY KEY, "
                    + "version bigint NOT NULL, state jsonb NOT NULL)");
            statement.execute("CREATE TABLE \"" + schema + "\".raw_counts (stream_id text PRIMARY KEY, "
                    + "events bigint NOT NULL)");
            statement.execute("CREATE TABLE \"" + schema + "\".raw_checkpoints (name text PRIMARY KEY, "
                    + "position bigint NOT NULL)");
        }
    }

    /** One event, its version taken from the stream's last, in one auto-committed statement. */
    void append(String streamId, String type, String data, String metadata) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (stream_id, version, type, data, metadata) SELECT ?, coalesce(max(version), 0) + 1, ?, "
                        + "?::jsonb, ?::jsonb FROM " + table + " WHERE stream_id = ?")) {
            insert.setString(1, streamId);
            insert.setString(2, type);
            insert.setString(3, data);
            insert.setString(4, metadata);
            insert.setString(5, streamId);
            insert.executeUpdate();
        }
    }

    /** Many events to one stream in one transaction: read the version, then one batch. */
    void appendBatch(String streamId, String type, List<String> data, String metadata) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long version = 0;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT coalesce(max(version), 0) FROM " + table + " WHERE stream_id = ?")) {
                    select.setString(1, streamId);
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        version = row.getLong(1);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (stream_id, version, type, data, metadata) VALUES (?, ?, ?, ?::jsonb, ?::jsonb)")) {
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
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Visits one stream's payloads in version order. */
    void readStream(String streamId, Rows rows) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data::text, "
                        + "metadata::text FROM " + table + " WHERE stream_id = ? ORDER BY version")) {
            select.setString(1, streamId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.row(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4));
                }
            }
        }
    }

    /** Visits the whole table in position order, a page of {@code pageSize} rows per query. */
    long readAll(int pageSize, Rows rows) throws Exception {
        long last = 0;
        long count = 0;
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data::text, "
                        + "metadata::text, stream_id FROM " + table + " WHERE position > ? ORDER BY position LIMIT ?")) {
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

    /**
     * A conditional append by hand: lock the tag, check that no event carrying it came after
     * {@code after}, insert. Returns the new position, or -1 if the condition failed.
     */
    long appendIfNoneAfter(String streamId, String tag, long after, String type, String data, String metadata)
            throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, tag);
                    lock.execute();
                }
                try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM " + table
                        + " WHERE position > ? AND tags @> ARRAY[?]::text[] LIMIT 1")) {
                    check.setLong(1, after);
                    check.setString(2, tag);
                    try (ResultSet row = check.executeQuery()) {
                        if (row.next()) {
                            connection.rollback();
                            return -1;
                        }
                    }
                }
                long position;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (stream_id, version, type, data, metadata, tags) SELECT ?, coalesce(max(version), 0) + 1, "
                        + "?, ?::jsonb, ?::jsonb, ARRAY[?]::text[] FROM " + table + " WHERE stream_id = ? "
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
                connection.commit();
                return position;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Saves the state of a stream at a version, replacing the previous snapshot. */
    void saveSnapshot(String streamId, long version, String state) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO \"" + schema + "\".raw_snapshots"
                        + " (stream_id, version, state) VALUES (?, ?, ?::jsonb) ON CONFLICT (stream_id) DO UPDATE "
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
    String loadFromSnapshot(String streamId, Rows rows) throws Exception {
        try (Connection connection = pool.getConnection()) {
            long version = 0;
            String state = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT version, state::text FROM "
                    + "\"" + schema + "\".raw_snapshots WHERE stream_id = ?")) {
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        version = row.getLong(1);
                        state = row.getString(2);
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT position, version, type, data::text FROM "
                    + table + " WHERE stream_id = ? AND version > ? ORDER BY version")) {
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
            statement.execute("DELETE FROM \"" + schema + "\".raw_counts");
            statement.execute("DELETE FROM \"" + schema + "\".raw_checkpoints");
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
                        + table + " WHERE position > ? ORDER BY position LIMIT ?")) {
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
        connection.setAutoCommit(false);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO \"" + schema + "\".raw_counts AS c"
                + " (stream_id, events) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE "
                + "SET events = c.events + excluded.events");
                PreparedStatement move = connection.prepareStatement("INSERT INTO \"" + schema + "\".raw_checkpoints"
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
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public void close() {
        pool.close();
        Fixtures.dropSchema(schema);
    }

    /** Receives rows. */
    @FunctionalInterface
    interface Rows {
        void row(long position, long version, String type, String data) throws Exception;
    }
}
