package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * The baseline: the fastest plain JDBC we know how to write for each workload, against the event log
 * a team would design by hand. It writes the same data the store writes (event id, stream, version,
 * type, JSON data and metadata, empty tags, recording time; {@code jsonb} on PostgreSQL, as the store)
 * and keeps the indexes its own work looks things up by: the position, and
 * {@code UNIQUE (stream_id, version)} for a stream's last version and for stream reads.
 *
 * <p>What it does that the store does too: one transaction per append, a stream's next version
 * computed from its last, atomic batches, keyset pages in position order, a projection's rows and
 * checkpoint committed together.
 *
 * <p>What it leaves out, so that the ratio shows what these cost the store:
 * <ul>
 *   <li>no idempotency: no unique index on the event id, no look-up of it before writing;</li>
 *   <li>no category, type or tag index, and no category column;</li>
 *   <li>no ordering guarantee for readers: positions come from a sequence, so on PostgreSQL a reader
 *       can skip an event that commits late (the store reads below a horizon instead);</li>
 *   <li>no expected-version check beyond "next after the last", no append conditions except in W7,
 *       no notifications, no argument checks;</li>
 *   <li>reads select only the columns the workload's consumer uses, where the store returns whole
 *       {@code RecordedEvent}s (id, stream, version, position, type, data, metadata, tags, time).</li>
 * </ul>
 *
 * <p>Each thread keeps one connection and its prepared statements for the baseline's lifetime, as
 * hand-written code with a statement cache would; the store takes a pooled connection per call.
 */
abstract class RawJdbc implements AutoCloseable {

    /** Receives a stream's rows: what loading an aggregate needs. */
    @FunctionalInterface
    interface StreamRows {
        void row(long version, String type, String data) throws Exception;
    }

    /** Receives the log's rows: a position to page by and the payload the workload parses. */
    @FunctionalInterface
    interface LogRows {
        void row(long position, String data) throws Exception;
    }

    /** One thread's connection and its prepared statements. */
    static final class Session implements AutoCloseable {
        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            connection.close();
        }
    }

    private final DataSource pool;
    private final ThreadLocal<Session> session = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<Session> sessions = new ConcurrentLinkedQueue<>();
    final String events;
    final String snapshots;
    final String counts;
    final String checkpoints;
    private final String jsonOut;

    /**
     * @param pool connections to the database
     * @param prefix how table names are qualified: {@code "schema".} or nothing
     * @param jsonOut a JSON column as text, {@code %s} for its name
     */
    RawJdbc(DataSource pool, String prefix, String jsonOut) {
        this.pool = pool;
        this.events = prefix + "raw_events";
        this.snapshots = prefix + "raw_snapshots";
        this.counts = prefix + "raw_counts";
        this.checkpoints = prefix + "raw_checkpoints";
        this.jsonOut = jsonOut;
    }

    /** W1: one event, its version the stream's next, in one auto-committed statement. */
    abstract void append(String streamId, EventData event) throws Exception;

    /** W2 and the fills: many events to one stream, atomically, versions following the stream's last. */
    abstract void appendBatch(String streamId, List<EventData> events) throws Exception;

    /**
     * W7: a conditional append by hand: exclude other writers of the tag, insert unless an event
     * carrying it came after {@code after}. Returns the new position, or -1 if the condition failed.
     */
    abstract long appendIfNoneAfter(String streamId, String tag, long after, EventData event) throws Exception;

    /** Closes every session and the pool, and removes the baseline's tables or file. */
    @Override
    public abstract void close();

    abstract void begin(Connection connection) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    abstract void rollback(Connection connection) throws SQLException;

    /** @return this thread's session, opened on first use */
    Session session() throws SQLException {
        Session current = session.get();
        if (current == null) {
            current = new Session(pool.getConnection());
            session.set(current);
            sessions.add(current);
        }
        return current;
    }

    DataSource pool() {
        return pool;
    }

    void closeSessions() {
        Session next;
        while ((next = sessions.poll()) != null) {
            try {
                next.close();
            } catch (SQLException e) {
                // The tables are dropped next; a connection that fails to close changes nothing.
            }
        }
    }

    /** Creates the tables the read-model and snapshot workloads share. */
    void createTables(String idType, String textType) throws SQLException {
        execute("CREATE TABLE " + snapshots + " (stream_id " + textType + " PRIMARY KEY, version " + idType
                + " NOT NULL, state " + textType + " NOT NULL)");
        execute("CREATE TABLE " + counts + " (stream_id " + textType + " PRIMARY KEY, events " + idType
                + " NOT NULL)");
        execute("CREATE TABLE " + checkpoints + " (name " + textType + " PRIMARY KEY, position " + idType
                + " NOT NULL)");
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = session().connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * W3 and W5: one stream's events after a version, in version order: the version, the type that
     * picks the record class, and the data.
     */
    void readStream(String streamId, long afterVersion, StreamRows rows) throws Exception {
        PreparedStatement select = session().prepare("SELECT version, type, " + String.format(jsonOut, "data")
                + " FROM " + events + " WHERE stream_id = ? AND version > ? ORDER BY version");
        select.setString(1, streamId);
        select.setLong(2, afterVersion);
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.row(result.getLong(1), result.getString(2), result.getString(3));
            }
        }
    }

    /** W4: the whole log in position order, a keyset page of {@code pageSize} rows per query. */
    long readAll(int pageSize, LogRows rows) throws Exception {
        PreparedStatement select = session().prepare("SELECT position, " + String.format(jsonOut, "data")
                + " FROM " + events + " WHERE position > ? ORDER BY position LIMIT ?");
        long last = 0;
        long count = 0;
        while (true) {
            select.setLong(1, last);
            select.setInt(2, pageSize);
            int inPage = 0;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    last = result.getLong(1);
                    rows.row(last, result.getString(2));
                    inPage++;
                }
            }
            count += inPage;
            if (inPage < pageSize) {
                return count;
            }
        }
    }

    /** Saves the state of a stream at a version, replacing the previous snapshot. */
    void saveSnapshot(String streamId, long version, String state) throws SQLException {
        PreparedStatement upsert = session().prepare("INSERT INTO " + snapshots
                + " (stream_id, version, state) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE "
                + "SET version = excluded.version, state = excluded.state");
        upsert.setString(1, streamId);
        upsert.setLong(2, version);
        upsert.setString(3, state);
        upsert.executeUpdate();
    }

    /**
     * W5: a stream's snapshot, then the events after it. Returns the snapshot's state, or null if
     * there is none.
     */
    String loadFromSnapshot(String streamId, StreamRows rows) throws Exception {
        PreparedStatement select = session().prepare("SELECT version, state FROM " + snapshots + " WHERE stream_id = ?");
        select.setString(1, streamId);
        long version = 0;
        String state = null;
        try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
                version = row.getLong(1);
                state = row.getString(2);
            }
        }
        readStream(streamId, version, rows);
        return state;
    }

    /** Empties the projection's table and checkpoint. */
    void resetCounts() throws SQLException {
        execute("DELETE FROM " + counts);
        execute("DELETE FROM " + checkpoints);
    }

    /**
     * W6: a projection's catch-up by hand: read a page after the checkpoint (the position and the
     * stream, all that counting needs), then in one transaction add each stream's count and move the
     * checkpoint; until a page comes back short.
     */
    long projectCounts(int pageSize) throws SQLException {
        Session s = session();
        PreparedStatement select = s.prepare("SELECT position, stream_id FROM " + events
                + " WHERE position > ? ORDER BY position LIMIT ?");
        long projected = 0;
        long checkpoint = 0;
        while (true) {
            Map<String, Long> byStream = new HashMap<>();
            long last = checkpoint;
            int inPage = 0;
            select.setLong(1, checkpoint);
            select.setInt(2, pageSize);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    last = result.getLong(1);
                    byStream.merge(result.getString(2), 1L, Long::sum);
                    inPage++;
                }
            }
            if (inPage > 0) {
                writeCounts(s, byStream, last);
                checkpoint = last;
                projected += inPage;
            }
            if (inPage < pageSize) {
                return projected;
            }
        }
    }

    private void writeCounts(Session s, Map<String, Long> byStream, long checkpoint) throws SQLException {
        PreparedStatement upsert = s.prepare("INSERT INTO " + counts + " AS c (stream_id, events) VALUES (?, ?) "
                + "ON CONFLICT (stream_id) DO UPDATE SET events = c.events + excluded.events");
        PreparedStatement move = s.prepare("INSERT INTO " + checkpoints + " (name, position) VALUES ('counts', ?) "
                + "ON CONFLICT (name) DO UPDATE SET position = excluded.position");
        begin(s.connection);
        try {
            for (Map.Entry<String, Long> count : byStream.entrySet()) {
                upsert.setString(1, count.getKey());
                upsert.setLong(2, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
            move.setLong(1, checkpoint);
            move.executeUpdate();
            commit(s.connection);
        } catch (SQLException e) {
            rollback(s.connection);
            throw e;
        }
    }
}
