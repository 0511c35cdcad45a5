package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.EventData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The baseline on PostgreSQL, in a schema of its own: {@code position bigserial}, {@code data} and
 * {@code metadata} in {@code jsonb} as in the store, {@code UNIQUE (stream_id, version)}. Its pool
 * sets pgjdbc's {@code reWriteBatchedInserts}, so JDBC batches of inserts go out as multi-row
 * {@code INSERT}s.
 *
 * <p>A batch of events (W2) is written by {@link BatchWay#UNNEST} unless told otherwise: one
 * auto-committed statement that reads the stream's last version and inserts every row from arrays,
 * one round trip. {@link RawBatchWays} measures it against a rewritten JDBC batch and
 * {@code COPY}, which both need the version read first and an explicit transaction; on this project's
 * machine it was the fastest of the three (see the README).
 */
final class RawPostgres extends RawJdbc {

    /** How a batch of events is written. */
    enum BatchWay {
        /** {@code INSERT ... SELECT FROM unnest(arrays)}: one statement, one round trip, auto-commit. */
        UNNEST,
        /** Read the version, then a JDBC batch (multi-row when the pool rewrites batches), one transaction. */
        JDBC_BATCH,
        /** Read the version, then {@code COPY ... FROM STDIN} through pgjdbc's {@code CopyManager}, one transaction. */
        COPY
    }

    /** The application name of the baseline's sessions, for {@link WaitEventSampler}. */
    static final String RAW_APPLICATION = "eventstore-bench-raw";

    private final String schema;
    private final BatchWay batchWay;
    private final String insertOne;
    private final String insertUnnest;
    private final String insertRow;
    private final String lastVersion;
    private final String copy;
    private final String insertIfNoneAfter;

    RawPostgres(String schema) throws SQLException {
        this(schema, BatchWay.UNNEST, true);
    }

    /**
     * @param schema the schema to create (dropped first if it exists) and drop on close
     * @param batchWay how {@link #appendBatch} writes
     * @param rewriteBatches whether pgjdbc rewrites JDBC batches of inserts into multi-row inserts
     */
    RawPostgres(String schema, BatchWay batchWay, boolean rewriteBatches) throws SQLException {
        super(pool(schema, rewriteBatches), "\"" + schema + "\".", "%s::text");
        this.schema = schema;
        this.batchWay = batchWay;
        execute("CREATE SCHEMA \"" + schema + "\"");
        execute("CREATE TABLE " + events + " (position bigserial PRIMARY KEY, stream_id text NOT NULL, "
                + "version bigint NOT NULL, id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, "
                + "metadata jsonb NOT NULL, tags text[] NOT NULL DEFAULT '{}', "
                + "recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, version))");
        createTables("bigint", "text");
        insertOne = "INSERT INTO " + events + " (stream_id, version, id, type, data, metadata) "
                + "SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?::jsonb, ?::jsonb FROM " + events
                + " WHERE stream_id = ?";
        insertUnnest = "INSERT INTO " + events + " (stream_id, version, id, type, data, metadata) "
                + "SELECT ?, v.last + e.ord, e.id, e.type, e.data::jsonb, e.metadata::jsonb "
                + "FROM (SELECT coalesce(max(version), 0) AS last FROM " + events + " WHERE stream_id = ?) v, "
                + "unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)";
        insertRow = "INSERT INTO " + events + " (stream_id, version, id, type, data, metadata) "
                + "VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)";
        lastVersion = "SELECT coalesce(max(version), 0) FROM " + events + " WHERE stream_id = ?";
        copy = "COPY " + events + " (stream_id, version, id, type, data, metadata) FROM STDIN";
        // The tag lock comes first, in a statement of its own: under READ COMMITTED the insert's
        // snapshot, taken after the lock was granted, then sees every append of the tag that committed.
        insertIfNoneAfter = "INSERT INTO " + events + " (stream_id, version, id, type, data, metadata, tags) "
                + "SELECT ?, v.last + 1, ?, ?, ?::jsonb, ?::jsonb, ARRAY[?]::text[] "
                + "FROM (SELECT coalesce(max(version), 0) AS last FROM " + events + " WHERE stream_id = ?) v "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + events + " WHERE position > ? AND tags @> ARRAY[?]::text[]) "
                + "RETURNING position";
    }

    private static HikariDataSource pool(String schema, boolean rewriteBatches) {
        Fixtures.dropSchema(schema);
        return Fixtures.postgresPool("raw-" + schema, RAW_APPLICATION,
                config -> config.addDataSourceProperty("reWriteBatchedInserts", rewriteBatches));
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
    void append(String streamId, EventData event) throws SQLException {
        PreparedStatement insert = session().prepare(insertOne);
        insert.setString(1, streamId);
        insert.setObject(2, event.id());
        insert.setString(3, event.type());
        insert.setString(4, event.data());
        insert.setString(5, event.metadata());
        insert.setString(6, streamId);
        insert.executeUpdate();
    }

    @Override
    void appendBatch(String streamId, List<EventData> batch) throws SQLException {
        switch (batchWay) {
            case UNNEST -> appendUnnest(streamId, batch);
            case JDBC_BATCH -> appendJdbcBatch(streamId, batch);
            case COPY -> appendCopy(streamId, batch);
            default -> throw new IllegalStateException("unknown way " + batchWay);
        }
    }

    private void appendUnnest(String streamId, List<EventData> batch) throws SQLException {
        Session s = session();
        int count = batch.size();
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        String[] data = new String[count];
        String[] metadata = new String[count];
        for (int i = 0; i < count; i++) {
            EventData event = batch.get(i);
            ids[i] = event.id();
            types[i] = event.type();
            data[i] = event.data();
            metadata[i] = event.metadata();
        }
        PreparedStatement insert = s.prepare(insertUnnest);
        insert.setString(1, streamId);
        insert.setString(2, streamId);
        insert.setArray(3, s.connection.createArrayOf("uuid", ids));
        insert.setArray(4, s.connection.createArrayOf("text", types));
        insert.setArray(5, s.connection.createArrayOf("text", data));
        insert.setArray(6, s.connection.createArrayOf("text", metadata));
        insert.executeUpdate();
    }

    private long lastVersion(Session s, String streamId) throws SQLException {
        PreparedStatement select = s.prepare(lastVersion);
        select.setString(1, streamId);
        try (ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private void appendJdbcBatch(String streamId, List<EventData> batch) throws SQLException {
        Session s = session();
        begin(s.connection);
        try {
            long version = lastVersion(s, streamId);
            PreparedStatement insert = s.prepare(insertRow);
            for (EventData event : batch) {
                insert.setString(1, streamId);
                insert.setLong(2, ++version);
                insert.setObject(3, event.id());
                insert.setString(4, event.type());
                insert.setString(5, event.data());
                insert.setString(6, event.metadata());
                insert.addBatch();
            }
            insert.executeBatch();
            commit(s.connection);
        } catch (SQLException e) {
            rollback(s.connection);
            throw e;
        }
    }

    private void appendCopy(String streamId, List<EventData> batch) throws SQLException {
        Session s = session();
        begin(s.connection);
        try {
            long version = lastVersion(s, streamId);
            StringBuilder rows = new StringBuilder(batch.size() * 320);
            for (EventData event : batch) {
                escape(rows, streamId).append('\t').append(++version).append('\t').append(event.id()).append('\t');
                escape(rows, event.type()).append('\t');
                escape(rows, event.data()).append('\t');
                escape(rows, event.metadata()).append('\n');
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            CopyIn in = s.connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
            try {
                in.writeToCopy(bytes, 0, bytes.length);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
            commit(s.connection);
        } catch (SQLException e) {
            rollback(s.connection);
            throw e;
        }
    }

    /** Appends a value in COPY's text format, where backslash, tab and line ends must be escaped. */
    private static StringBuilder escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    @Override
    long appendIfNoneAfter(String streamId, String tag, long after, EventData event) throws SQLException {
        Session s = session();
        begin(s.connection);
        try {
            PreparedStatement lock = s.prepare("SELECT pg_advisory_xact_lock(hashtext(?))");
            lock.setString(1, tag);
            lock.execute();
            PreparedStatement insert = s.prepare(insertIfNoneAfter);
            insert.setString(1, streamId);
            insert.setObject(2, event.id());
            insert.setString(3, event.type());
            insert.setString(4, event.data());
            insert.setString(5, event.metadata());
            insert.setString(6, tag);
            insert.setString(7, streamId);
            insert.setLong(8, after);
            insert.setString(9, tag);
            long position = -1;
            try (ResultSet row = insert.executeQuery()) {
                if (row.next()) {
                    position = row.getLong(1);
                }
            }
            commit(s.connection);
            return position;
        } catch (SQLException e) {
            rollback(s.connection);
            throw e;
        }
    }

    @Override
    public void close() {
        closeSessions();
        ((HikariDataSource) pool()).close();
        Fixtures.dropSchema(schema);
    }
}
