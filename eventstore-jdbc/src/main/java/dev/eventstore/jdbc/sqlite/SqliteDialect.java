package dev.eventstore.jdbc.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.AppendCondition;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.KeyTableSql;
import dev.eventstore.jdbc.internal.LifecycleSql;
import dev.eventstore.jdbc.internal.Migrations;
import dev.eventstore.jdbc.internal.ParkedSql;
import dev.eventstore.jdbc.internal.SqlScripts;
import dev.eventstore.jdbc.internal.StreamStates;
import dev.eventstore.jdbc.internal.TableSql;
import dev.eventstore.jdbc.internal.Timestamps;
import dev.eventstore.spi.Appends;
import dev.eventstore.spi.Imports;
import dev.eventstore.spi.StreamMarks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite dialect: an event log in one file, created and migrated on first use. Not API: users
 * build stores with {@code JdbcEventStore.sqlite(...)}.
 *
 * <ul>
 *   <li>Durable: WAL journal with {@code synchronous=FULL} by default, so an append that returned
 *       survives a power loss.</li>
 *   <li>One writer at a time. Transactions of this store queue on a lock in this process, then take
 *       SQLite's write lock ({@code BEGIN IMMEDIATE}); a writer in another process makes them wait up
 *       to the busy timeout, after which they fail with an {@link EventStoreException} that says the
 *       file is locked. Readers never wait for writers.</li>
 *   <li>Because writers are serialized, positions are given in commit order and are dense: 1, 2, 3,
 *       ... The position invariant holds trivially, and every event is visible to readers as soon as
 *       its append commits. Appends run {@link Appends#append} on the transaction's connection.</li>
 * </ul>
 */
public final class SqliteDialect implements Dialect {

    private static final List<String> MIGRATIONS = List.of("V1__events.sql", "V2__checkpoints_and_snapshots.sql",
            "V3__deadlines.sql", "V4__stream_lifecycle.sql");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SQLite's default limit on bind parameters is 32766; stay well below it. */
    private static final int IDS_PER_LOOKUP = 500;

    private final DataSource pool;
    private final Path file;
    private final Duration busyTimeout;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param pool connections to the file, configured for WAL and the busy timeout
     * @param file the database file
     * @param busyTimeout how long a transaction waits for the write lock
     * @param clock stamps the events
     */
    public SqliteDialect(DataSource pool, Path file, Duration busyTimeout, Clock clock) {
        this.pool = pool;
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void start(Runnable wake) {
        List<SqlScripts.Script> scripts = SqlScripts.load(SqliteDialect.class, MIGRATIONS, Map.of());
        String what = "migrate the event store schema in " + file;
        Connection connection = null;
        try {
            connection = begin();
            Migrations.applyPending(connection, SqliteSql.HISTORY, scripts, (c, script) -> {
                try (Statement statement = c.createStatement()) {
                    for (String sql : SqlScripts.statements(script.sql())) {
                        statement.execute(sql);
                    }
                }
            }, file.toString());
            commit(connection);
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            throw translate(what, e);
        } catch (RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            if (connection != null) {
                release(connection);
            }
        }
    }

    @Override
    public void close() {
        // The store closes the pool.
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public Connection beginMaintenance() throws SQLException {
        return begin();
    }

    @Override
    public Connection begin() throws SQLException {
        try {
            if (!writeLock.tryLock(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EventStoreException("Could not begin a transaction in " + file + ": another writer of this "
                        + "store held the write lock for longer than the busy timeout of " + busyTimeout.toMillis()
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("Could not begin a transaction in " + file + ": interrupted while waiting "
                    + "for the write lock", e);
        }
        Connection connection = null;
        try {
            connection = pool.getConnection();
            // Explicit statements rather than setAutoCommit(false): the write lock is taken here, not at
            // the first write, and a BEGIN that fails (busy) leaves the connection as it was.
            execute(connection, SqliteSql.BEGIN);
            return connection;
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            writeLock.unlock();
            throw e;
        }
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        execute(connection, SqliteSql.COMMIT);
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        execute(connection, SqliteSql.ROLLBACK);
    }

    @Override
    public void release(Connection connection) {
        try {
            closeQuietly(connection);
        } finally {
            if (writeLock.isHeldByCurrentThread()) {
                writeLock.unlock();
            }
        }
    }

    @Override
    public boolean appendsAlone() {
        return false;
    }

    @Override
    public boolean readsLagCommits() {
        return false;
    }

    @Override
    public void appended() {
        // Other processes on the file see appends by polling.
    }

    // ---------------------------------------------------------------- appends

    @Override
    public Appends.Outcome append(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException {
        try {
            return Appends.append(new Appends.Steps() {
                @Override
                public List<RecordedEvent> recorded(List<EventData> appended) throws SQLException {
                    return SqliteDialect.this.recorded(connection, appended);
                }

                @Override
                public long streamVersion(String id) throws SQLException {
                    return StreamStates.lastVersion(connection, SqliteSql.LIFECYCLE, id);
                }

                @Override
                public StreamMarks marks(String id) throws SQLException {
                    return StreamStates.marks(connection, SqliteSql.LIFECYCLE, id);
                }

                @Override
                public void setMarks(String id, StreamMarks marks) throws SQLException {
                    StreamStates.saveMarks(connection, SqliteSql.LIFECYCLE, id, marks);
                }

                @Override
                public long firstMatchAfter(Query query, long after) throws SQLException {
                    try (PreparedStatement statement = connection.prepareStatement(SqliteSql.firstMatch(query))) {
                        bindQuery(statement, query, after);
                        return single(statement);
                    }
                }

                @Override
                public List<RecordedEvent> insert(String id, long version, List<EventData> appended)
                        throws SQLException {
                    return SqliteDialect.this.insert(connection, id, version, appended);
                }
            }, streamId, expectedVersion, events, condition);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("SQLite append steps throw only SQLException", e);
        }
    }

    @Override
    public void importEvents(Connection connection, List<RecordedEvent> events) throws SQLException {
        // BEGIN IMMEDIATE holds the one write lock: no append runs until this commits.
        Map<String, StreamMarks> changed;
        try {
            changed = Imports.check(events, headPosition(connection), StreamStates.imported(connection, SqliteSql.LIFECYCLE));
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("SQLite stream versions throw only SQLException", e);
        }
        try (PreparedStatement insert = connection.prepareStatement(SqliteSql.INSERT_EVENT);
                PreparedStatement tag = connection.prepareStatement(SqliteSql.INSERT_TAG)) {
            for (RecordedEvent event : events) {
                insert.setLong(1, event.position());
                insert.setString(2, event.streamId());
                insert.setLong(3, event.version());
                insert.setString(4, event.category());
                insert.setString(5, event.id().toString());
                insert.setString(6, event.type());
                insert.setString(7, event.data());
                insert.setString(8, event.metadata());
                insert.setString(9, toJson(event.tags()));
                insert.setLong(10, Timestamps.toMicros(event.recordedAt()));
                insert.addBatch();
                for (String name : event.tags()) {
                    tag.setString(1, name);
                    tag.setLong(2, event.position());
                    tag.addBatch();
                }
            }
            insert.executeBatch();
            tag.executeBatch();
        }
        for (Map.Entry<String, StreamMarks> entry : changed.entrySet()) {
            StreamStates.saveMarks(connection, SqliteSql.LIFECYCLE, entry.getKey(), entry.getValue());
            // As a delete does: a snapshot of a deleted stream would load state that its reads no longer show.
            try (PreparedStatement statement = connection.prepareStatement(tables().snapshotDelete())) {
                statement.setString(1, entry.getKey());
                statement.executeUpdate();
            }
        }
    }

    @Override
    public long removeRange(Connection connection, String category, long afterPosition, long upToPosition)
            throws SQLException {
        long head = headPosition(connection);
        if (upToPosition >= head) {
            // Positions are max + 1: removing the newest event would hand its position out again.
            throw new IllegalArgumentException("cannot remove up to position " + upToPosition + ": the newest event of "
                    + "the log, at position " + head + ", stays (SQLite would reuse its position)");
        }
        try (PreparedStatement tags = connection.prepareStatement(SqliteSql.REMOVE_TAGS);
                PreparedStatement remove = connection.prepareStatement(SqliteSql.REMOVE_EVENTS)) {
            for (PreparedStatement statement : List.of(tags, remove)) {
                statement.setLong(1, afterPosition);
                statement.setLong(2, upToPosition);
                statement.setString(3, category);
                statement.setString(4, category);
            }
            tags.executeUpdate();
            long removed = remove.executeUpdate();
            try (Statement forget = connection.createStatement()) {
                forget.executeUpdate(SqliteSql.FORGET_EMPTY_STREAMS);
            }
            return removed;
        }
    }

    private List<RecordedEvent> insert(Connection connection, String streamId, long version, List<EventData> events)
            throws SQLException {
        long position = headPosition(connection);
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long micros = Timestamps.toMicros(recordedAt);
        String category = StreamIds.category(streamId);
        List<RecordedEvent> written = new ArrayList<>(events.size());
        boolean anyTags = false;
        try (PreparedStatement insert = connection.prepareStatement(SqliteSql.INSERT_EVENT)) {
            for (EventData event : events) {
                position++;
                version++;
                insert.setLong(1, position);
                insert.setString(2, streamId);
                insert.setLong(3, version);
                insert.setString(4, category);
                insert.setString(5, event.id().toString());
                insert.setString(6, event.type());
                insert.setString(7, event.data());
                insert.setString(8, event.metadata());
                insert.setString(9, toJson(event.tags()));
                insert.setLong(10, micros);
                insert.addBatch();
                anyTags |= !event.tags().isEmpty();
                written.add(new RecordedEvent(event.id(), streamId, version, position, event.type(), event.data(),
                        event.metadata(), event.tags(), recordedAt));
            }
            insert.executeBatch();
        }
        if (anyTags) {
            try (PreparedStatement insert = connection.prepareStatement(SqliteSql.INSERT_TAG)) {
                for (RecordedEvent event : written) {
                    for (String tag : event.tags()) {
                        insert.setString(1, tag);
                        insert.setLong(2, event.position());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        return written;
    }

    private List<RecordedEvent> recorded(Connection connection, List<EventData> events) throws SQLException {
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        for (int from = 0; from < events.size(); from += IDS_PER_LOOKUP) {
            List<EventData> chunk = events.subList(from, Math.min(events.size(), from + IDS_PER_LOOKUP));
            try (PreparedStatement statement = connection.prepareStatement(SqliteSql.eventsByIds(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i).id().toString());
                }
                for (RecordedEvent event : map(statement)) {
                    byId.put(event.id(), event);
                }
            }
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (EventData event : events) {
            recorded.add(byId.get(event.id()));
        }
        return recorded;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<RecordedEvent> readStream(Connection connection, String streamId, long fromVersion, int limit,
            Direction direction) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(direction == Direction.FORWARD
                ? SqliteSql.READ_STREAM_FORWARD : SqliteSql.READ_STREAM_BACKWARD)) {
            statement.setString(1, streamId);
            statement.setLong(2, fromVersion);
            statement.setString(3, streamId);
            statement.setInt(4, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readAll(Connection connection, long afterPosition, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.READ_ALL)) {
            statement.setLong(1, afterPosition);
            statement.setInt(2, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readCategory(Connection connection, String category, long afterPosition, int limit)
            throws SQLException {
        return readOf(connection, SqliteSql.READ_CATEGORY, category, afterPosition, limit);
    }

    @Override
    public List<RecordedEvent> readStreamAfter(Connection connection, String streamId, long afterPosition, int limit)
            throws SQLException {
        return readOf(connection, SqliteSql.READ_STREAM_AFTER, streamId, afterPosition, limit);
    }

    private static List<RecordedEvent> readOf(Connection connection, String sql, String key, long number, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            statement.setLong(2, number);
            statement.setInt(3, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readQuery(Connection connection, Query query, long afterPosition, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.readQuery(query))) {
            int next = bindQuery(statement, query, afterPosition);
            statement.setInt(next, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readBackward(Connection connection, Query query, long beforePosition, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.readBackward(query))) {
            bindBackward(statement, query, beforePosition, limit);
            return map(statement);
        }
    }

    /** Binds the parameters of {@link SqliteSql#readBackward}. */
    static void bindBackward(PreparedStatement statement, Query query, long beforePosition, int limit)
            throws SQLException {
        if (query.matchesAll()) {
            statement.setLong(1, beforePosition);
            statement.setInt(2, limit);
        } else {
            statement.setInt(bindQuery(statement, query, beforePosition), limit);
        }
    }

    @Override
    public Optional<RecordedEvent> readEvent(Connection connection, UUID eventId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.eventsByIds(1))) {
            statement.setString(1, eventId.toString());
            List<RecordedEvent> found = map(statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @Override
    public long streamVersion(Connection connection, String streamId) throws SQLException {
        return StreamStates.visibleVersion(connection, SqliteSql.LIFECYCLE, streamId);
    }

    @Override
    public long headPosition(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.HEAD_POSITION)) {
            return single(statement);
        }
    }

    // ---------------------------------------------------------------- side tables and errors

    @Override
    public TableSql tables() {
        return SqliteSql.TABLES;
    }

    @Override
    public LifecycleSql lifecycle() {
        return SqliteSql.LIFECYCLE;
    }

    @Override
    public ParkedSql parked() {
        return SqliteSql.PARKED;
    }

    @Override
    public KeyTableSql keyTable() {
        return SqliteSql.KEY_TABLE;
    }

    @Override
    public Timestamps timestamps() {
        return Timestamps.MICROS;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A busy or locked database says so, with the file and the busy timeout: another connection or
     * process held the write lock too long.
     * A full disk, or a file at its maximum page count, says the file is full and names it.
     */
    @Override
    public EventStoreException translate(String what, SQLException e) {
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED
                || (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code)) {
            return new EventStoreException("Could not " + what + ": the database file " + file
                    + " is locked by another connection or process for longer than the busy timeout of "
                    + busyTimeout.toMillis() + " ms", e);
        }
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code) {
            return new EventStoreException("Could not " + what + ": the database file " + file + " is full (the disk "
                    + "has no space left, or the file reached its maximum page count); the transaction is rolled "
                    + "back (" + e.getMessage() + ")", e);
        }
        return JdbcErrors.translate(what, e);
    }

    // ---------------------------------------------------------------- helpers

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Binds the position and each item's types and tags; returns the next parameter index. */
    static int bindQuery(PreparedStatement statement, Query query, long bound) throws SQLException {
        int index = 1;
        statement.setLong(index++, bound);
        for (QueryItem item : query.items()) {
            for (String type : item.types()) {
                statement.setString(index++, type);
            }
            for (String tag : item.tags()) {
                statement.setString(index++, tag);
                statement.setLong(index++, bound);
            }
        }
        return index;
    }

    private static List<RecordedEvent> map(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<RecordedEvent> events = new ArrayList<>();
            while (rows.next()) {
                events.add(new RecordedEvent(UUID.fromString(rows.getString(4)), rows.getString(2), rows.getLong(3),
                        rows.getLong(1), rows.getString(5), rows.getString(6), rows.getString(7),
                        fromJson(rows.getString(8)), Timestamps.fromMicros(rows.getLong(9))));
            }
            return events;
        }
    }

    private static String toJson(Set<String> tags) {
        if (tags.isEmpty()) {
            return "[]";
        }
        try {
            return JSON.writeValueAsString(tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fromJson(String tags) throws SQLException {
        if ("[]".equals(tags)) {
            return Set.of();
        }
        try {
            return Set.of(JSON.readValue(tags, String[].class));
        } catch (IOException e) {
            throw new SQLException("the tags column holds no JSON array of strings: " + tags, e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // A broken connection: the pool drops it.
        }
    }

    private void rollbackQuietly(Connection connection, Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            rollback(connection);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
