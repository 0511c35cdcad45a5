package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.EventData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The baseline on SQLite: the same table with {@code TEXT} JSON and ids, in a WAL-mode file with
 * {@code synchronous=FULL}, as the store uses by default. Writers queue on a lock in the process
 * before they take SQLite's write lock, as the store's do: several connections contending for the
 * file would otherwise sleep in SQLite's busy handler. Prepared statements are kept per connection,
 * since sqlite-jdbc compiles a statement again for every {@code prepareStatement}.
 *
 * <p>A batch of events (W2) is one multi-row {@code INSERT} (one statement compiled once per batch
 * size, then reused) in an immediate transaction, unless told to run a reused one-row statement per
 * event; {@link RawBatchWays} compares the two.
 */
final class RawSqlite extends RawJdbc {

    private static final int TRANSACTION_LOCK_TIMEOUT_SECONDS = 30;

    private final Path file;
    private final boolean multiRow;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String insertOne;
    private final String insertRow;
    private final String lastVersion;

    RawSqlite() throws SQLException {
        this(true);
    }

    /** @param multiRow whether a batch is one multi-row insert, or one reused statement per event */
    RawSqlite(boolean multiRow) throws SQLException {
        this(Fixtures.tempFile("raw"), multiRow);
    }

    private RawSqlite(Path file, boolean multiRow) throws SQLException {
        super(Fixtures.sqlitePool(file), "", "%s");
        this.file = file;
        this.multiRow = multiRow;
        execute("CREATE TABLE raw_events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, "
                + "version INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, "
                + "metadata TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '[]', recorded_at INTEGER NOT NULL, "
                + "UNIQUE (stream_id, version))");
        execute("CREATE TABLE raw_tags (tag TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (tag, position)) "
                + "WITHOUT ROWID");
        createTables("INTEGER", "TEXT");
        insertOne = "INSERT INTO raw_events (stream_id, version, id, type, data, metadata, recorded_at) "
                + "SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ? FROM raw_events WHERE stream_id = ?";
        insertRow = "INSERT INTO raw_events (stream_id, version, id, type, data, metadata, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)";
        lastVersion = "SELECT coalesce(max(version), 0) FROM raw_events WHERE stream_id = ?";
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

    private void lock() throws SQLException {
        try {
            if (!writeLock.tryLock(TRANSACTION_LOCK_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new SQLException("the baseline's write lock was held for over "
                        + TRANSACTION_LOCK_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the write lock", e);
        }
    }

    private static long micros() {
        return System.currentTimeMillis() * 1_000;
    }

    @Override
    void append(String streamId, EventData event) throws SQLException {
        PreparedStatement insert = session().prepare(insertOne);
        insert.setString(1, streamId);
        insert.setString(2, event.id().toString());
        insert.setString(3, event.type());
        insert.setString(4, event.data());
        insert.setString(5, event.metadata());
        insert.setLong(6, micros());
        insert.setString(7, streamId);
        lock();
        try {
            insert.executeUpdate();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    void appendBatch(String streamId, List<EventData> batch) throws SQLException {
        Session s = session();
        PreparedStatement select = s.prepare(lastVersion);
        PreparedStatement insert = s.prepare(multiRow ? multiRowInsert(batch.size()) : insertRow);
        long now = micros();
        lock();
        try {
            begin(s.connection);
            try {
                long version;
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    version = row.getLong(1);
                }
                int p = 1;
                for (EventData event : batch) {
                    if (!multiRow) {
                        p = 1;
                    }
                    insert.setString(p++, streamId);
                    insert.setLong(p++, ++version);
                    insert.setString(p++, event.id().toString());
                    insert.setString(p++, event.type());
                    insert.setString(p++, event.data());
                    insert.setString(p++, event.metadata());
                    insert.setLong(p++, now);
                    if (!multiRow) {
                        insert.executeUpdate();
                    }
                }
                if (multiRow) {
                    insert.executeUpdate();
                }
                commit(s.connection);
            } catch (SQLException e) {
                rollback(s.connection);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO raw_events (stream_id, version, id, type, data, metadata, recorded_at) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    @Override
    long appendIfNoneAfter(String streamId, String tag, long after, EventData event) throws SQLException {
        Session s = session();
        PreparedStatement insert = s.prepare("INSERT INTO raw_events (stream_id, version, id, type, data, "
                + "metadata, tags, recorded_at) SELECT ?, v.last + 1, ?, ?, ?, ?, json_array(?), ? "
                + "FROM (SELECT coalesce(max(version), 0) AS last FROM raw_events WHERE stream_id = ?) v "
                + "WHERE NOT EXISTS (SELECT 1 FROM raw_tags WHERE tag = ? AND position > ?) RETURNING position");
        PreparedStatement tagged = s.prepare("INSERT INTO raw_tags (tag, position) VALUES (?, ?)");
        lock();
        try {
            begin(s.connection);
            try {
                insert.setString(1, streamId);
                insert.setString(2, event.id().toString());
                insert.setString(3, event.type());
                insert.setString(4, event.data());
                insert.setString(5, event.metadata());
                insert.setString(6, tag);
                insert.setLong(7, micros());
                insert.setString(8, streamId);
                insert.setString(9, tag);
                insert.setLong(10, after);
                long position = -1;
                try (ResultSet row = insert.executeQuery()) {
                    if (row.next()) {
                        position = row.getLong(1);
                    }
                }
                if (position >= 0) {
                    tagged.setString(1, tag);
                    tagged.setLong(2, position);
                    tagged.executeUpdate();
                }
                commit(s.connection);
                return position;
            } catch (SQLException e) {
                rollback(s.connection);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        closeSessions();
        ((HikariDataSource) pool()).close();
        Fixtures.deleteDirectory(file);
    }
}
