package dev.eventstore.jdbc.postgres;

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
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.internal.Args;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcCheckpointStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.LockKeys;
import dev.eventstore.jdbc.internal.Migrations;
import dev.eventstore.jdbc.internal.SqlCheckpointStore;
import dev.eventstore.jdbc.internal.SqlScripts;
import dev.eventstore.jdbc.internal.SqlSnapshotStore;
import dev.eventstore.jdbc.internal.Timestamps;
import dev.eventstore.spi.Idempotency;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The production store: an event log in one PostgreSQL 15+ table, in a schema of its own, created and
 * migrated by the store itself.
 *
 * <pre>{@code
 * PostgresEventStore store = PostgresEventStore.builder("jdbc:postgresql://db/app?user=app")
 *         .schema("orders_events")
 *         .build();
 * }</pre>
 *
 * <h2>The global order: why positions are made from transaction ids</h2>
 * A sequence hands out numbers when a transaction inserts, not when it commits: writer A takes 10,
 * writer B takes 11 and commits first, a reader sees 11, moves its checkpoint past 10, and never sees
 * 10. Locking appends until commit fixes that but makes every writer wait for the previous writer's
 * disk flush. This store keeps writers concurrent instead:
 * <ul>
 *   <li>An event's position is {@code (id of its top-level transaction << 16) + its ordinal in that
 *       transaction}. Transaction ids grow, so positions grow too, with holes between
 *       transactions.</li>
 *   <li>Readers of the log (reads in position order, subscriptions, {@link #headPosition()}) see only
 *       positions below {@code xmin << 16}, where {@code xmin} is the oldest transaction still running
 *       in the statement's snapshot. Every transaction below {@code xmin} has ended, and every
 *       transaction that commits later has an id of at least {@code xmin}, so its events land above
 *       anything a reader has been shown. That is the position invariant, with one number.</li>
 *   <li>The cost: a log reader waits for every write transaction that started before the event's
 *       own transaction, anywhere in the database cluster, to end. Short transactions make this a
 *       millisecond; one left open holds log readers back (stream reads are not affected). Set
 *       {@code idle_in_transaction_session_timeout}. One transaction appends at most 65,536
 *       events.</li>
 *   <li>Appends take the transaction id only after the stream's lock, so a stream's positions grow
 *       with its versions. A transaction of the caller's ({@link #inTransaction}) that wrote before
 *       appending may hold an older id; if that would order its event below the stream's previous
 *       one, the append fails with a retryable serialization error.</li>
 * </ul>
 * Stream reads ({@link #readStream}, {@link #streamVersion}) and {@link AppendResult#lastPosition()}
 * see an append as soon as it commits; take the {@code after} of an {@link AppendCondition} from a
 * log read, as its documentation says.
 *
 * <h2>Concurrency</h2>
 * An append is one call of the {@code append_events} function, one round trip, one transaction of its
 * own unless it runs in {@link #inTransaction}. Appends to the same stream queue on a per-stream
 * advisory lock; others run in parallel. The database enforces {@code UNIQUE (stream_id, version)}
 * and {@code UNIQUE (id)}. A conditional append takes, in ascending key order, an exclusive advisory
 * lock on a key for each query item (one of its tags, else its types, else the whole table), while
 * every append takes shared locks on its events' tags and types: a conditional append's check and
 * insert therefore never interleave with a writer of an event its query matches.
 *
 * <h2>Subscriptions</h2>
 * Appends wake this store's subscriptions at once, and send a {@code NOTIFY} (batched, asynchronous
 * commit) that other processes' stores {@code LISTEN} to on a dedicated connection outside the pool.
 * Subscriptions poll as well ({@link Builder#pollInterval}), so a lost notification costs latency,
 * never an event.
 */
public final class PostgresEventStore extends JdbcEventStore {

    /** The schema used when none is configured. */
    public static final String DEFAULT_SCHEMA = "eventstore";
    /** The most events one transaction can append: the ordinal part of a position has 16 bits. */
    public static final int MAX_EVENTS_PER_TRANSACTION = 1 << 16;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,49}");
    private static final List<String> MIGRATIONS = List.of("V1__events.sql", "V2__checkpoints_and_snapshots.sql");
    private static final long CODE_ANY = -1;
    private static final long CODE_STREAM_EXISTS = -2;

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final String schemaName;
    private final PostgresSql sql;
    private final int streamLockNamespace;
    private final int tagLockNamespace;
    private final PostgresNotifications notifications;
    private final SqlCheckpointStore checkpoints;
    private final SqlSnapshotStore snapshots;

    private PostgresEventStore(Builder builder, DataSource dataSource, HikariDataSource ownedPool) {
        super(builder);
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.schemaName = builder.schema;
        this.sql = new PostgresSql('"' + builder.schema + '"');
        this.streamLockNamespace = LockKeys.of("eventstore:" + builder.schema + ":stream");
        this.tagLockNamespace = LockKeys.of("eventstore:" + builder.schema + ":tag");
        this.notifications = builder.notifications
                ? new PostgresNotifications("eventstore_" + builder.schema, dataSource,
                        listenerConnections(builder, dataSource), this::notifyAppended)
                : null;
        String where = "schema '" + builder.schema + "'";
        this.checkpoints = new SqlCheckpointStore(dataSource, sql.schema + ".checkpoints", Timestamps.POSTGRES,
                java.time.Clock.systemUTC(), where);
        this.snapshots = new SqlSnapshotStore(dataSource, sql.schema + ".snapshots", "?::jsonb", "state::text",
                Timestamps.POSTGRES, where);
    }

    /**
     * Starts building a store on a data source the caller owns (and closes).
     *
     * @param dataSource connections to PostgreSQL 15 or later, ideally a pool
     * @return a builder
     * @throws IllegalArgumentException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Args.notNull("dataSource", dataSource), null);
    }

    /**
     * Starts building a store that creates, and closes with itself, a HikariCP pool for a JDBC URL.
     *
     * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/app?user=app}
     * @return a builder
     * @throws IllegalArgumentException if the URL is null or not a PostgreSQL JDBC URL
     */
    public static Builder builder(String jdbcUrl) {
        Args.notNull("jdbcUrl", jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was: " + Args.quote(jdbcUrl));
        }
        return new Builder(null, jdbcUrl);
    }

    /** @return the schema that holds the store's tables */
    public String schema() {
        return schemaName;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
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
        String what = "append to stream '" + streamId + "'";
        if (hasInlineProjections()) {
            return transaction(what, c -> appendAndProject(c, streamId, expectedVersion, events, condition));
        }
        // Without inline projections an append is one statement, so it runs in auto-commit mode:
        // one round trip, and the statement is its own transaction.
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            AppendResult result;
            try {
                result = appendIn(connection, streamId, expectedVersion, events, condition).result();
            } catch (SQLException e) {
                if (!isDuplicateId(e)) {
                    throw e;
                }
                // A concurrent append inserted one of these ids after our check; now it is committed,
                // so the function reports it and the idempotency rule decides.
                result = appendIn(connection, streamId, expectedVersion, events, condition).result();
            }
            if (notifications != null) {
                notifications.requestNotify();
            }
            return result;
        } catch (SQLException e) {
            throw JdbcErrors.translate(what, e);
        }
    }

    @Override
    protected Appended appendIn(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException {
        if (events.size() > MAX_EVENTS_PER_TRANSACTION) {
            throw new IllegalArgumentException("events must hold at most " + MAX_EVENTS_PER_TRANSACTION
                    + " events on PostgreSQL, was: " + events.size());
        }
        int count = events.size();
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        String[] data = new String[count];
        String[] metadata = new String[count];
        String[] tags = new String[count];
        // Key -> exclusive? Sorted, so that every append takes its locks in the same order.
        TreeMap<Integer, Boolean> locks = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            EventData event = events.get(i);
            ids[i] = event.id();
            types[i] = event.type();
            data[i] = event.data();
            metadata[i] = event.metadata();
            tags[i] = jsonArray(event.tags());
            locks.putIfAbsent(typeKey(event.type()), false);
            for (String tag : event.tags()) {
                locks.putIfAbsent(tagKey(tag), false);
            }
        }
        boolean lockTable = false;
        String[] conditionTypes = null;
        String[] conditionTags = null;
        if (condition != null) {
            List<QueryItem> items = condition.query().items();
            conditionTypes = new String[items.size()];
            conditionTags = new String[items.size()];
            for (int i = 0; i < items.size(); i++) {
                QueryItem item = items.get(i);
                conditionTypes[i] = jsonArray(item.types());
                conditionTags[i] = jsonArray(item.tags());
                if (!item.tags().isEmpty()) {
                    // Every matching event carries this tag, so its writer holds this key shared.
                    locks.put(tagKey(item.tags().iterator().next()), true);
                } else if (!item.types().isEmpty()) {
                    for (String type : item.types()) {
                        locks.put(typeKey(type), true);
                    }
                } else {
                    lockTable = true;
                }
            }
        }
        Integer[] lockKeys = locks.keySet().toArray(new Integer[0]);
        Boolean[] lockExclusive = locks.values().toArray(new Boolean[0]);

        try (PreparedStatement statement = connection.prepareStatement(sql.append)) {
            statement.setString(1, streamId);
            statement.setString(2, StreamIds.category(streamId));
            statement.setLong(3, expectedCode(expectedVersion));
            statement.setArray(4, connection.createArrayOf("uuid", ids));
            statement.setArray(5, connection.createArrayOf("text", types));
            statement.setArray(6, connection.createArrayOf("text", data));
            statement.setArray(7, connection.createArrayOf("text", metadata));
            statement.setArray(8, connection.createArrayOf("text", tags));
            statement.setArray(9, connection.createArrayOf("int4",
                    new Integer[] {streamLockNamespace, LockKeys.of(streamId)}));
            statement.setInt(10, tagLockNamespace);
            statement.setArray(11, connection.createArrayOf("int4", lockKeys));
            statement.setArray(12, connection.createArrayOf("bool", lockExclusive));
            statement.setBoolean(13, lockTable);
            statement.setArray(14, conditionTypes == null ? null : connection.createArrayOf("text", conditionTypes));
            statement.setArray(15, conditionTags == null ? null : connection.createArrayOf("text", conditionTags));
            if (condition == null) {
                statement.setNull(16, java.sql.Types.BIGINT);
            } else {
                statement.setLong(16, condition.after());
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String status = row.getString(1);
                switch (status) {
                    case "ok":
                        return written(streamId, events, row.getLong(2), row.getLong(3),
                                row.getObject(4, OffsetDateTime.class).toInstant());
                    case "duplicate":
                        return retried(connection, streamId, expectedVersion, events);
                    case "wrong_version":
                        throw new WrongExpectedVersionException(streamId, expectedVersion, row.getLong(2));
                    case "condition_failed":
                        throw new AppendConditionFailedException(streamId, condition, row.getLong(3));
                    default:
                        throw new EventStoreException("append_events returned an unknown status " + status);
                }
            }
        }
    }

    private Appended written(String streamId, List<EventData> events, long lastVersion, long lastPosition,
            Instant recordedAt) {
        // One append's events get consecutive versions and consecutive positions.
        int count = events.size();
        List<RecordedEvent> recorded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EventData event = events.get(i);
            long back = count - 1 - i;
            recorded.add(new RecordedEvent(event.id(), streamId, lastVersion - back, lastPosition - back,
                    event.type(), event.data(), event.metadata(), event.tags(), recordedAt));
        }
        return appended(new AppendResult(lastVersion, lastPosition), recorded);
    }

    private Appended retried(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events) throws SQLException {
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.eventsByIds)) {
            statement.setArray(1, connection.createArrayOf("uuid",
                    events.stream().map(EventData::id).toArray(UUID[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    RecordedEvent event = map(rows);
                    byId.put(event.id(), event);
                }
            }
        }
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (EventData event : events) {
            recorded.add(byId.get(event.id()));
        }
        Optional<AppendResult> result = Idempotency.check(streamId, expectedVersion, events, recorded);
        return appended(result.orElseThrow(() -> new EventStoreException(
                "append to stream '" + streamId + "' found a recorded id that then could not be read")), List.of());
    }

    // ---------------------------------------------------------------- reads

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return query("read stream '" + streamId + "'",
                direction == Direction.FORWARD ? sql.readStreamForward : sql.readStreamBackward, (s, c) -> {
                    s.setString(1, streamId);
                    s.setLong(2, fromVersion);
                    s.setInt(3, limit);
                });
    }

    @Override
    protected List<RecordedEvent> doRead(EventFilter filter, long afterPosition, int limit) {
        if (filter instanceof EventFilter.OfCategory category) {
            return query("read category '" + category.category() + "'", sql.readCategory, (s, c) -> {
                s.setString(1, category.category());
                s.setLong(2, afterPosition);
                s.setInt(3, limit);
            });
        }
        if (filter instanceof EventFilter.OfStream stream) {
            return query("read stream '" + stream.streamId() + "'", sql.readStreamAfter, (s, c) -> {
                s.setString(1, stream.streamId());
                s.setLong(2, afterPosition);
                s.setInt(3, limit);
            });
        }
        if (filter instanceof EventFilter.Matching matching && !matching.query().matchesAll()) {
            return query("read events matching " + matching.query(), sql.readQuery(matching.query()), (s, c) -> {
                int index = 1;
                s.setLong(index++, afterPosition);
                for (QueryItem item : matching.query().items()) {
                    if (!item.types().isEmpty()) {
                        s.setArray(index++, c.createArrayOf("text", item.types().toArray()));
                    }
                    if (!item.tags().isEmpty()) {
                        s.setArray(index++, c.createArrayOf("text", item.tags().toArray()));
                    }
                }
                s.setInt(index, limit);
            });
        }
        return query("read the log", sql.readAll, (s, c) -> {
            s.setLong(1, afterPosition);
            s.setInt(2, limit);
        });
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return single("read the version of stream '" + streamId + "'", sql.streamVersion,
                s -> s.setString(1, streamId));
    }

    @Override
    protected long doHeadPosition() {
        return single("read the head position", sql.headPosition, s -> { });
    }

    @Override
    protected boolean readsLagCommits() {
        return true;
    }

    // ---------------------------------------------------------------- transactions

    @Override
    protected <T> T transaction(String what, SqlWork<T> work) {
        T result;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                connection.commit();
            } catch (Exception e) {
                rollbackQuietly(connection, e);
                throw rethrow(what, e);
            } finally {
                resetAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate(what, e);
        }
        if (notifications != null) {
            notifications.requestNotify();
        }
        return result;
    }

    @Override
    protected void doClose() {
        try {
            if (notifications != null) {
                notifications.close();
            }
        } finally {
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface SimpleBinder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<RecordedEvent> query(String what, String statementSql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(statementSql)) {
            binder.bind(statement, connection);
            try (ResultSet rows = statement.executeQuery()) {
                List<RecordedEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(map(rows));
                }
                return events;
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate(what, e);
        }
    }

    private long single(String what, String statementSql, SimpleBinder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(statementSql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate(what, e);
        }
    }

    private static RecordedEvent map(ResultSet rows) throws SQLException {
        Array tagArray = rows.getArray(8);
        String[] tags = (String[]) tagArray.getArray();
        return new RecordedEvent(rows.getObject(4, UUID.class), rows.getString(2), rows.getLong(3), rows.getLong(1),
                rows.getString(5), rows.getString(6), rows.getString(7), tags.length == 0 ? Set.of() : Set.of(tags),
                rows.getObject(9, OffsetDateTime.class).toInstant());
    }

    private int tagKey(String tag) {
        return LockKeys.of("tag:" + tag);
    }

    private int typeKey(String type) {
        return LockKeys.of("type:" + type);
    }

    private static long expectedCode(ExpectedVersion expected) {
        if (expected.isAny()) {
            return CODE_ANY;
        }
        if (expected.isStreamExists()) {
            return CODE_STREAM_EXISTS;
        }
        return expected.version();
    }

    /** Tags and types have no control characters; quotes and backslashes are escaped. */
    private static String jsonArray(Collection<String> values) {
        if (values.isEmpty()) {
            return "[]";
        }
        StringBuilder json = new StringBuilder("[");
        for (String value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\');
                }
                json.append(c);
            }
            json.append('"');
        }
        return json.append(']').toString();
    }

    private static boolean isDuplicateId(SQLException e) {
        return JdbcErrors.UNIQUE_VIOLATION.equals(e.getSQLState()) && e.getMessage() != null
                && e instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                && "events_id_key".equals(psql.getServerErrorMessage().getConstraint());
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void resetAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The pool resets or evicts the connection on return.
        }
    }

    private void migrate(String where) {
        int namespace = LockKeys.of("eventstore:migrations");
        int key = LockKeys.of(schemaName);
        List<SqlScripts.Script> scripts = SqlScripts.load(PostgresEventStore.class, MIGRATIONS,
                Map.of("schema", sql.schema));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, namespace);
                lock.setInt(2, key);
                lock.execute();
            }
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql.createSchema);
                }
                connection.setAutoCommit(false);
                try {
                    Migrations.applyPending(connection, sql.history, sql.createHistory, scripts, (c, script) -> {
                        try (Statement statement = c.createStatement()) {
                            statement.execute(script.sql());
                        }
                    }, where);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, namespace);
                    unlock.setInt(2, key);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate("migrate the event store schema in " + where, e);
        }
    }

    private static Callable<Connection> listenerConnections(Builder builder, DataSource dataSource) {
        if (builder.listenerConnections != null) {
            return builder.listenerConnections;
        }
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            // A connection of its own, outside the pool: LISTEN holds it for the store's lifetime.
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            String url = hikari.getJdbcUrl();
            return () -> new org.postgresql.Driver().connect(url, properties);
        }
        return dataSource::getConnection;
    }

    /**
     * Builds a {@link PostgresEventStore}; each setter checks its value at once, {@link #build()}
     * connects, migrates the schema and starts listening.
     */
    public static final class Builder extends JdbcEventStore.Builder<Builder> {
        private final DataSource dataSource;
        private final String jdbcUrl;
        private String schema = DEFAULT_SCHEMA;
        private boolean notifications = true;
        private int maxPoolSize = 10;
        private Callable<Connection> listenerConnections;

        private Builder(DataSource dataSource, String jdbcUrl) {
            // Notifications wake subscriptions at once; polling is the fallback when they are lost.
            super(Duration.ofMillis(500));
            this.dataSource = dataSource;
            this.jdbcUrl = jdbcUrl;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param schema the schema for the store's tables, created if missing: lower-case letters,
         *     digits and underscores, at most 50 characters, not starting with a digit
         * @return this builder
         * @throws IllegalArgumentException if the name does not fit those rules
         */
        public Builder schema(String schema) {
            Args.notNull("schema", schema);
            if (!SCHEMA_NAME.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must be lower-case letters, digits and underscores, "
                        + "at most 50 characters, not starting with a digit; was: " + Args.quote(schema));
            }
            this.schema = schema;
            return this;
        }

        /**
         * @param enabled false to neither send nor listen for notifications: subscriptions then see
         *     other processes' appends only by polling (default true)
         * @return this builder
         */
        public Builder notifications(boolean enabled) {
            this.notifications = enabled;
            return this;
        }

        /**
         * @param maxPoolSize the size of the pool the store creates for a JDBC URL (default 10);
         *     ignored for a data source of the caller's
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = (int) Args.atLeast("maxPoolSize", maxPoolSize, 1);
            return this;
        }

        /**
         * @param connections opens the connection that LISTENs for other processes' appends. By
         *     default the store opens one outside the pool from a HikariCP pool's URL and credentials,
         *     or else takes one from the data source for good.
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder listenerConnections(Callable<Connection> connections) {
            this.listenerConnections = Args.notNull("connections", connections);
            return this;
        }

        /**
         * Connects, creates or migrates the schema, and starts listening for notifications.
         *
         * @return the store
         * @throws EventStoreException if the database cannot be reached or migrated (the cause says
         *     why); nothing is left open
         */
        public PostgresEventStore build() {
            HikariDataSource pool = null;
            DataSource source = dataSource;
            if (source == null) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(jdbcUrl);
                config.setMaximumPoolSize(maxPoolSize);
                config.setConnectionTimeout(5_000);
                config.setPoolName("eventstore-" + schema);
                try {
                    pool = new HikariDataSource(config);
                } catch (RuntimeException e) {
                    throw new EventStoreException("Could not connect to " + redact(jdbcUrl) + ": " + e.getMessage(), e);
                }
                source = pool;
            }
            PostgresEventStore store = new PostgresEventStore(this, source, pool);
            try {
                store.migrate("schema '" + schema + "'");
                if (store.notifications != null) {
                    store.notifications.start();
                }
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }

        private static String redact(String url) {
            return url.replaceAll("password=[^&]*", "password=***");
        }
    }
}
