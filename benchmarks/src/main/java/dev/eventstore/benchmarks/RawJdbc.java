package dev.eventstore.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The baseline: what a team would write by hand with plain JDBC against the minimal table of an
 * event log ({@code position} from the database, {@code UNIQUE (stream_id, version)}). It does the
 * same work as the store for each workload, and no more: no idempotency, no category or tag index,
 * no ordering guarantee for readers. The dialects differ only in names, JSON casts and how they
 * begin a transaction.
 */
abstract class RawJdbc implements AutoCloseable {

    /** An event as hand-written code would hold it. */
    record Event(String streamId, long version, String type, String data, String metadata) {
    }

    /** Receives rows. */
    @FunctionalInterface
    interface Rows {
        void row(long position, long version, String type, String data) throws Exception;
    }

    private final DataSource pool;
    private final String events;
    private final String snapshots;
    private final String counts;
    private final String checkpoints;
    private final String jsonIn;
    private final String jsonOut;

    /**
     * @param pool connections to the database
     * @param prefix how table names are qualified: {@code "schema".} or nothing
     * @param jsonIn a JSON parameter: {@code ?::jsonb} or {@code ?}
     * @param jsonOut a JSON column as text, {@code %s} for its name
     */
    RawJdbc(DataSource pool, String prefix, String jsonIn, String jsonOut) {
        this.pool = pool;
        this.events = prefix + "raw_events";
        this.snapshots = prefix + "raw_snapshots";
        this.counts = prefix + "raw_counts";
        this.checkpoints = prefix + "raw_checkpoints";
        this.jsonIn = jsonIn;
        this.jsonOut = jsonOut;
    }

    /** Closes the pool and removes the baseline's tables or file. */
    @Override
    public abstract void close();

    abstract void begin(Connection connection) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    abstract void rollback(Connection connection) throws SQLException;

    /**
     * A conditional append by hand: exclude other writers of the tag, check that no event carrying it
     * came after {@code after}, insert. Returns the new position, or -1 if the condition failed.
     */
    abstract long appendIfNoneAfter(String streamId, String tag, long after, String type, String data,
            String metadata) throws SQLException;

    DataSource pool() {
        return pool;
    }

    String events() {
        return events;
    }

    /** Creates the tables the workloads share. */
    void createTables(String idType, String textType) throws SQLException {
        execute("CREATE TABLE " + snapshots + " (stream_id " + textType + " PRIMARY KEY, version " + idType
                + " NOT NULL, state " + textType + " NOT NULL)");
        execute("CREATE TABLE " + counts + " (stream_id " + textType + " PRIMARY KEY, events " + idType
                + " NOT NULL)");
        execute("CREATE TABLE " + checkpoints + " (name " + textType + " PRIMARY KEY, position " + idType
                + " NOT NULL)");
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** One event, its version taken from the stream's last, in one auto-committed statement. */
    void append(String streamId, String type, String data, String metadata) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + events
                        + " (stream_id, version, type, data, metadata) SELECT ?, coalesce(max(version), 0) + 1, ?, "
                        + jsonIn + ", " + jsonIn + " FROM " + events + " WHERE stream_id = ?")) {
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
            begin(connection);
            try {
                long version;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?")) {
                    select.setString(1, streamId);
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        version = row.getLong(1);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + events
                        + " (stream_id, version, type, data, metadata) VALUES (?, ?, ?, " + jsonIn + ", " + jsonIn + ")")) {
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
                commit(connection);
            } catch (SQLException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    /** Visits one stream's events after a version, in version order. */
    void readStream(String streamId, long afterVersion, Rows rows) throws Exception {
        try (Connection connection = pool.getConnection()) {
            readStream(connection, streamId, afterVersion, rows);
        }
    }

    private void readStream(Connection connection, String streamId, long afterVersion, Rows rows) throws Exception {
        try (PreparedStatement select = connection.prepareStatement("SELECT position, version, type, "
                + String.format(jsonOut, "data") + ", " + String.format(jsonOut, "metadata") + " FROM " + events
                + " WHERE stream_id = ? AND version > ? ORDER BY version")) {
            select.setString(1, streamId);
            select.setLong(2, afterVersion);
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
                PreparedStatement select = connection.prepareStatement("SELECT position, version, type, "
                        + String.format(jsonOut, "data") + ", " + String.format(jsonOut, "metadata") + ", stream_id FROM "
                        + events + " WHERE position > ? ORDER BY position LIMIT ?")) {
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

    /** Saves the state of a stream at a version, replacing the previous snapshot. */
    void saveSnapshot(String streamId, long version, String state) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + snapshots
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
    String loadFromSnapshot(String streamId, Rows rows) throws Exception {
        try (Connection connection = pool.getConnection()) {
            long version = 0;
            String state = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, state FROM " + snapshots + " WHERE stream_id = ?")) {
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        version = row.getLong(1);
                        state = row.getString(2);
                    }
                }
            }
            readStream(connection, streamId, version, rows);
            return state;
        }
    }

    /** Empties the projection's table and checkpoint. */
    void resetCounts() throws SQLException {
        execute("DELETE FROM " + counts);
        execute("DELETE FROM " + checkpoints);
    }

    /**
     * A projection's catch-up by hand: read a page of events after the checkpoint (whole events, as a
     * projection that does not know what its handler needs must), then in one transaction add each
     * stream's count and move the checkpoint; until a page comes back short.
     */
    long projectCounts(int pageSize) throws SQLException {
        long projected = 0;
        long checkpoint = 0;
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT position, stream_id, version, type, "
                        + String.format(jsonOut, "data") + ", " + String.format(jsonOut, "metadata") + " FROM " + events
                        + " WHERE position > ? ORDER BY position LIMIT ?")) {
            while (true) {
                Map<String, Long> byStream = new HashMap<>();
                long last = checkpoint;
                int inPage = 0;
                select.setLong(1, checkpoint);
                select.setInt(2, pageSize);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        last = result.getLong(1);
                        Event event = new Event(result.getString(2), result.getLong(3), result.getString(4),
                                result.getString(5), result.getString(6));
                        byStream.merge(event.streamId(), 1L, Long::sum);
                        inPage++;
                    }
                }
                if (inPage > 0) {
                    writeCounts(connection, byStream, last);
                    checkpoint = last;
                    projected += inPage;
                }
                if (inPage < pageSize) {
                    return projected;
                }
            }
        }
    }

    private void writeCounts(Connection connection, Map<String, Long> byStream, long checkpoint) throws SQLException {
        begin(connection);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + counts + " AS c "
                + "(stream_id, events) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET events = c.events + excluded.events");
                PreparedStatement move = connection.prepareStatement("INSERT INTO " + checkpoints
                        + " (name, position) VALUES ('counts', ?) ON CONFLICT (name) DO UPDATE "
                        + "SET position = excluded.position")) {
            for (Map.Entry<String, Long> count : byStream.entrySet()) {
                upsert.setString(1, count.getKey());
                upsert.setLong(2, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
            move.setLong(1, checkpoint);
            move.executeUpdate();
            commit(connection);
        } catch (SQLException e) {
            rollback(connection);
            throw e;
        }
    }
}
