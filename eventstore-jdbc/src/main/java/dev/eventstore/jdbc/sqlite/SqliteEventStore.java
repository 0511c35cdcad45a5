package dev.eventstore.jdbc.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.internal.Args;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcCheckpointStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.Migrations;
import dev.eventstore.jdbc.internal.SqlCheckpointStore;
import dev.eventstore.jdbc.internal.SqlScripts;
import dev.eventstore.jdbc.internal.SqlSnapshotStore;
import dev.eventstore.jdbc.internal.Timestamps;
import dev.eventstore.spi.Idempotency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * The embedded default: an event log in one SQLite file, created and migrated on first use. Nothing
 * to install or run; the file is the database.
 *
 * <pre>{@code
 * try (SqliteEventStore store = SqliteEventStore.open(Path.of("events.db"))) {
 *     store.append("account-42", ExpectedVersion.noStream(), List.of(EventData.of("AccountOpened", "{}")));
 * }
 * }</pre>
 *
 * <h2>Guarantees and costs</h2>
 * <ul>
 *   <li>Durable: WAL journal with {@code synchronous=FULL} by default, so an append that returned
 *       survives a power loss ({@link Builder#synchronousNormal()} trades that for speed).</li>
 *   <li>One writer at a time. Appends of this store queue on a lock in this process and then take
 *       SQLite's write lock ({@code BEGIN IMMEDIATE}); a writer in another process makes them wait up
 *       to the busy timeout (default 5 s), after which the append fails with an
 *       {@link EventStoreException} that says the file is locked. Readers never wait for writers.</li>
 *   <li>Because writers are serialized, positions are given in commit order and are dense: 1, 2, 3,
 *       ... The position invariant holds trivially, and every event is visible to readers as soon
 *       as its append returns.</li>
 *   <li>Subscriptions wake as soon as this store appends; appends by other processes on the same file
 *       are seen by polling ({@link Builder#pollInterval}, default 100 ms).</li>
 * </ul>
 */
public final class SqliteEventStore extends JdbcEventStore {

    private static final List<String> MIGRATIONS = List.of("V1__events.sql", "V2__checkpoints_and_snapshots.sql");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SQLite's default limit on bind parameters is 32766; stay well below it. */
    private static final int IDS_PER_LOOKUP = 500;

    private final Path file;
    private final HikariDataSource pool;
    private final Clock clock;
    private final Duration busyTimeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SqlCheckpointStore checkpoints;
    private final SqlSnapshotStore snapshots;

    private SqliteEventStore(Builder builder, HikariDataSource pool) {
        super(builder);
        this.file = builder.file;
        this.pool = pool;
        this.clock = builder.clock;
        this.busyTimeout = builder.busyTimeout;
        this.checkpoints = new SqlCheckpointStore(pool, "checkpoints", "", Timestamps.MICROS, clock, file.toString());
        this.snapshots = new SqlSnapshotStore(pool, "snapshots", "?", "state", Timestamps.MICROS, file.toString());
    }

    /**
     * Opens (creating if needed) the store in {@code file}, with the defaults.
     *
     * @param file the database file; its directory must exist
     * @return the store
     * @throws IllegalArgumentException if {@code file} is null or its directory does not exist
     * @throws EventStoreException if the file cannot be opened or migrated
     */
    public static SqliteEventStore open(Path file) {
        return builder(file).build();
    }

    /**
     * @param file the database file; its directory must exist
     * @return a builder
     * @throws IllegalArgumentException if {@code file} is null, a directory, or its directory does not
     *     exist
     */
    public static Builder builder(Path file) {
        Args.notNull("file", file);
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("file must be a file, not a directory: " + absolute);
        }
        if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("file's directory does not exist: " + absolute);
        }
        return new Builder(absolute);
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public JdbcCheckpointStore checkpointStore() {
        return checkpoints;
    }

    @Override
    public SnapshotStore snapshotStore() {
        return snapshots;
    }

    // ---------------------------------------------------------------- appends

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        checkNotInTransaction("append to stream '" + streamId + "'");
        return transaction("append to stream '" + streamId + "'",
                c -> appendAndProject(c, streamId, expectedVersion, events, condition));
    }

    @Override
    protected Appended appendIn(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException {
        Optional<AppendResult> retry = Idempotency.check(streamId, expectedVersion, events,
                recorded(connection, events));
        if (retry.isPresent()) {
            return appended(retry.get(), List.of());
        }
        long version = single(connection, SqliteSql.STREAM_VERSION, s -> s.setString(1, streamId));
        if (!expectedVersion.accepts(version)) {
            throw new WrongExpectedVersionException(streamId, expectedVersion, version);
        }
        if (condition != null) {
            long conflict = firstMatch(connection, condition.query(), condition.after());
            if (conflict > 0) {
                throw new AppendConditionFailedException(streamId, condition, conflict);
            }
        }
        long position = single(connection, SqliteSql.HEAD_POSITION, s -> { });
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
        RecordedEvent last = written.get(written.size() - 1);
        return appended(new AppendResult(last.version(), last.position()), written);
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
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (EventData event : events) {
            recorded.add(byId.get(event.id()));
        }
        return recorded;
    }

    private long firstMatch(Connection connection, Query query, long after) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqliteSql.firstMatch(query))) {
            bindQuery(statement, query, after);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return read("read stream '" + streamId + "'",
                direction == Direction.FORWARD ? SqliteSql.READ_STREAM_FORWARD : SqliteSql.READ_STREAM_BACKWARD, s -> {
                    s.setString(1, streamId);
                    s.setLong(2, fromVersion);
                    s.setInt(3, limit);
                });
    }

    @Override
    protected List<RecordedEvent> doRead(EventFilter filter, long afterPosition, int limit) {
        if (filter instanceof EventFilter.OfCategory category) {
            return read("read category '" + category.category() + "'", SqliteSql.READ_CATEGORY, s -> {
                s.setString(1, category.category());
                s.setLong(2, afterPosition);
                s.setInt(3, limit);
            });
        }
        if (filter instanceof EventFilter.OfStream stream) {
            return read("read stream '" + stream.streamId() + "'", SqliteSql.READ_STREAM_AFTER, s -> {
                s.setString(1, stream.streamId());
                s.setLong(2, afterPosition);
                s.setInt(3, limit);
            });
        }
        if (filter instanceof EventFilter.Matching matching && !matching.query().matchesAll()) {
            Query query = matching.query();
            return read("read events matching " + query, SqliteSql.readQuery(query), s -> {
                int next = bindQuery(s, query, afterPosition);
                s.setInt(next, limit);
            });
        }
        return read("read the log", SqliteSql.READ_ALL, s -> {
            s.setLong(1, afterPosition);
            s.setInt(2, limit);
        });
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return withConnection("read the version of stream '" + streamId + "'",
                c -> single(c, SqliteSql.STREAM_VERSION, s -> s.setString(1, streamId)));
    }

    @Override
    protected long doHeadPosition() {
        return withConnection("read the head position", c -> single(c, SqliteSql.HEAD_POSITION, s -> { }));
    }

    // ---------------------------------------------------------------- transactions

    @Override
    protected <T> T transaction(String what, SqlWork<T> work) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("Cannot " + what + ": this thread is inside a transaction of this "
                    + "store; append through its JdbcTransaction instead");
        }
        try {
            if (!writeLock.tryLock(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EventStoreException("Could not " + what + ": another writer of this store held the write "
                        + "lock for longer than the busy timeout of " + busyTimeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("Could not " + what + ": interrupted while waiting for the write lock", e);
        }
        try (Connection connection = pool.getConnection()) {
            // Explicit statements rather than setAutoCommit(false): the write lock is taken here, not
            // at the first write, and a BEGIN that fails (busy) leaves the connection as it was.
            execute(connection, "BEGIN IMMEDIATE");
            try {
                T result = work.run(connection);
                execute(connection, "COMMIT");
                return result;
            } catch (Exception e) {
                try {
                    execute(connection, "ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                if (e instanceof SQLException sql) {
                    throw translate(what, sql);
                }
                throw rethrow(what, e);
            }
        } catch (SQLException e) {
            throw translate(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    protected void doClose() {
        pool.close();
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, ConnectionWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(what, e);
        }
    }

    private List<RecordedEvent> read(String what, String sql, Binder binder) {
        return withConnection(what, c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                binder.bind(statement);
                return map(statement);
            }
        });
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long single(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Binds the position and each item's types and tags; returns the next parameter index. */
    private static int bindQuery(PreparedStatement statement, Query query, long after) throws SQLException {
        int index = 1;
        statement.setLong(index++, after);
        for (QueryItem item : query.items()) {
            for (String type : item.types()) {
                statement.setString(index++, type);
            }
            for (String tag : item.tags()) {
                statement.setString(index++, tag);
                statement.setLong(index++, after);
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

    private EventStoreException translate(String what, SQLException e) {
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED
                || (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code)) {
            return new EventStoreException("Could not " + what + ": the database file " + file
                    + " is locked by another connection or process for longer than the busy timeout of "
                    + busyTimeout.toMillis() + " ms", e);
        }
        return JdbcErrors.translate(what, e);
    }

    private void migrate() {
        List<SqlScripts.Script> scripts = SqlScripts.load(SqliteEventStore.class, MIGRATIONS, Map.of());
        transaction("migrate the event store schema in " + file, connection -> Migrations.applyPending(connection,
                SqliteSql.HISTORY, SqliteSql.CREATE_HISTORY, scripts, (c, script) -> {
                    try (Statement statement = c.createStatement()) {
                        for (String sql : SqlScripts.statements(script.sql())) {
                            statement.execute(sql);
                        }
                    }
                }, file.toString()));
    }

    /** Builds a {@link SqliteEventStore}; each setter checks its value at once. */
    public static final class Builder extends JdbcEventStore.Builder<Builder> {
        private final Path file;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private boolean synchronousFull = true;
        private int maxConnections = 4;
        private Clock clock = Clock.systemUTC();

        private Builder(Path file) {
            // Only other processes' appends need polling; this store's own wake subscriptions at once.
            super(Duration.ofMillis(100));
            this.file = file;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param busyTimeout how long an append waits for another writer before it fails (default 5 s)
         * @return this builder
         * @throws IllegalArgumentException if null, negative, or above one hour
         */
        public Builder busyTimeout(Duration busyTimeout) {
            Args.notNull("busyTimeout", busyTimeout);
            if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("busyTimeout must be between 0 and 1 hour, was: " + busyTimeout);
            }
            this.busyTimeout = busyTimeout;
            return this;
        }

        /**
         * Uses {@code synchronous=NORMAL}: faster appends, and a power loss may lose the last ones
         * (never corrupt the file). A crash of the process alone loses nothing.
         *
         * @return this builder
         */
        public Builder synchronousNormal() {
            this.synchronousFull = false;
            return this;
        }

        /**
         * @param maxConnections how many connections the store keeps open to the file (default 4);
         *     readers run in parallel on them
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = (int) Args.atLeast("maxConnections", maxConnections, 1);
            return this;
        }

        /**
         * @param clock stamps {@link RecordedEvent#recordedAt()} (default: the system clock, UTC)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Args.notNull("clock", clock);
            return this;
        }

        /**
         * Opens the file (creating it if needed) and creates or migrates the schema.
         *
         * @return the store
         * @throws EventStoreException if the file cannot be opened or migrated; nothing is left open
         */
        public SqliteEventStore build() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:sqlite:" + file);
            config.setMaximumPoolSize(maxConnections);
            config.setPoolName("eventstore-sqlite");
            config.setConnectionTimeout(Math.max(250, busyTimeout.toMillis() + 1_000));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", synchronousFull ? "FULL" : "NORMAL");
            config.addDataSourceProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
            config.addDataSourceProperty("foreign_keys", "true");
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new EventStoreException("Could not open the SQLite file " + file + ": " + e.getMessage(), e);
            }
            SqliteEventStore store = new SqliteEventStore(this, pool);
            try {
                store.migrate();
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }
}
