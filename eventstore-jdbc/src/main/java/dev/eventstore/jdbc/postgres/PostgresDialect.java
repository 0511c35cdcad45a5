package dev.eventstore.jdbc.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamIds;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.KeyTableSql;
import dev.eventstore.jdbc.internal.LifecycleSql;
import dev.eventstore.jdbc.internal.ParkedSql;
import dev.eventstore.jdbc.internal.StreamStates;
import dev.eventstore.jdbc.internal.TableSql;
import dev.eventstore.jdbc.internal.Timestamps;
import dev.eventstore.spi.Appends;
import dev.eventstore.spi.Idempotency;
import dev.eventstore.spi.Imports;
import dev.eventstore.spi.StreamMarks;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
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
import javax.sql.DataSource;

/**
 * The PostgreSQL dialect: an event log in one table, in a schema of its own, created and migrated by
 * {@link PostgresMigrations}. Not API: users build stores with {@code JdbcEventStore.postgres(...)}.
 *
 * <h2>The global order: why positions are made from transaction ids</h2>
 * A sequence hands out numbers when a transaction inserts, not when it commits: writer A takes 10,
 * writer B takes 11 and commits first, a reader sees 11, moves its checkpoint past 10, and never sees
 * 10. Locking appends until commit fixes that but makes every writer wait for the previous writer's
 * disk flush. This store keeps writers concurrent instead:
 * <ul>
 *   <li>An event's position is {@code ((id of its top-level transaction + offset) << 16) + its
 *       ordinal in that transaction}. Transaction ids grow, so positions grow too, with holes between
 *       transactions. The offset is 0 unless the log was restored into a cluster with lower
 *       transaction ids: the store then raises it when it starts, so that new positions land above
 *       every stored one.</li>
 *   <li>Every transaction that can append to this store holds one shared advisory lock (the
 *       "appenders" key) from before it has a transaction id until it ends: an append takes it inside
 *       the append function before asking for its id, and every transaction of the store takes it as
 *       its first statement. Readers of the log (reads in position order, subscriptions, the head
 *       position) first compute a horizon: {@code (x + offset) << 16}, where {@code x} is the oldest
 *       transaction id still running that belongs to a holder of that lock, or the next transaction id
 *       if none does. A holder's id is read from its process ({@code pg_stat_activity.backend_xid}), not
 *       from its {@code transactionid} lock, which appears a moment after the id is given out and
 *       counts as running: a reader whose snapshot fell in that moment skipped the transaction's
 *       events. Then, in a later statement, they read only positions below it. A transaction
 *       below the horizon has ended before the read's snapshot was taken, so its events are visible; a
 *       transaction that gets its id later lands above. That is the position invariant, with one
 *       number.</li>
 *   <li>The cost: a log reader waits for every transaction of this store that started writing before
 *       the event's own transaction to end; transactions of other schemas, other databases and other
 *       applications do not hold it back. Short transactions make this a millisecond; one left open
 *       holds this store's log readers back (stream reads are not affected). Set
 *       {@code idle_in_transaction_session_timeout}. Computing the horizon reads {@code pg_locks} once
 *       per log read. One transaction appends at most 65,536 events.</li>
 *   <li>Appends take the transaction id only after the stream's lock, so a stream's positions grow
 *       with its versions. A transaction of the caller's that wrote before appending may hold an older
 *       id; if that would order its event below the stream's previous one, the append fails with a
 *       {@link ConcurrencyConflictException}: retry the transaction.</li>
 *   <li>Positions come from the primary's transaction ids. After a failover to an asynchronous
 *       standby, or with {@code synchronous_commit = off}, transactions a reader saw can be lost and
 *       their ids given out again: checkpoints kept outside the database can then skip events. Keep
 *       checkpoints in the same database.</li>
 * </ul>
 * Stream reads, reads by id and {@link AppendResult#lastPosition()} see an append as soon as it
 * commits.
 *
 * <h2>Concurrency</h2>
 * An append is one call of the {@code append_events} function, one round trip, one transaction of its
 * own unless it runs in a caller's transaction. It requires READ COMMITTED (each statement of the
 * function must see what committed before its locks were granted) and refuses other isolation levels
 * with an error; the store's transactions set READ COMMITTED. Appends to the same stream queue on a
 * per-stream advisory lock; others run in parallel. The database enforces
 * {@code UNIQUE (stream_id, version)} and {@code UNIQUE (id)}. Every append takes shared advisory
 * locks on its events' tags and types and on one key for "all events"; a conditional append takes,
 * in the same ascending key order, exclusive locks on a key for each query item (one of its tags,
 * else its types, else the "all events" key). A conditional append's check and insert therefore
 * never interleave with a writer of an event its query matches, and single appends never wait on
 * each other in a cycle. Several appends in one transaction of the caller's hold their locks until
 * it ends and can deadlock with another such transaction; PostgreSQL breaks the cycle and the
 * loser's append fails with a {@link ConcurrencyConflictException}.
 *
 * <p>The append sequence (idempotency, expected version, condition, insert) runs inside the function
 * rather than as {@link Appends#append} from Java, so that an append costs one round trip.
 *
 * <h2>Conditions that start at the caller's own append</h2>
 * Because positions are taken when a transaction begins writing, a transaction that began before an
 * append and commits after it lands <em>below</em> it: a condition whose {@code after} is that
 * append's position would miss its events, although the caller could never have seen them. So the
 * append statement also reports, from {@code pg_locks} after the function has run, the oldest
 * transaction of the store older than the append's own that is still open; the
 * {@link AppendResult#consistentPosition()} stops below it. A condition built from that result
 * ({@link AppendCondition#noneMatchingAfter(Query, AppendResult)}) carries both positions, and when
 * another transaction's events can lie between them the append checks that range too: in one
 * transaction, the function (which takes the query's locks and checks above {@code after}), then one
 * statement for a matching event of another transaction in the range, still under those locks, and
 * the append is undone if it finds one (inside a caller's transaction, to a savepoint). That costs three
 * more round trips, only while such a transaction was open; the plain case stays one statement. Every
 * event of another transaction in the range counts, including one that committed just before the
 * caller's append: a failure the caller settles by reading again, never a missed conflict.
 *
 * <h2>Backward reads</h2>
 * A read by query newest first ({@code readLast}) starts below the read horizon, as a forward read
 * stops there, and reads each query item through its own index (the GIN index of tags, the (type,
 * position) index per type), in statements shaped so that neither a custom nor a generic plan walks
 * the primary key backward through the whole log for a tag no event carries
 * ({@link PostgresSql#readBackward}; {@code PostgresQueryPlanTest} checks the plans).
 */
public final class PostgresDialect implements Dialect {

    /** The schema used when none is configured. */
    public static final String DEFAULT_SCHEMA = "eventstore";
    /** The most events one transaction can append: the ordinal part of a position has 16 bits. */
    public static final int MAX_EVENTS_PER_TRANSACTION = 1 << 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CODE_ANY = -1;
    private static final long CODE_STREAM_EXISTS = -2;
    /** Set when this thread's last append alone carried the notification itself. */
    private static final ThreadLocal<Boolean> CARRIED = new ThreadLocal<>();
    /** The lock key every append shares and a condition matching every event takes exclusively. */
    private static final int ALL_KEY = LockKeys.of("all events");

    private final DataSource dataSource;
    private final String schema;
    private final PostgresSql sql;
    /** The append, reporting the oldest older transaction of the store still open. */
    private final String appendSql;
    private final int streamLockNamespace;
    private final int tagLockNamespace;
    private final PostgresNotifications notifications;
    private final Callable<Connection> listenerConnections;
    /** True on a streaming standby: read-only, log reads bounded by the head the primary publishes. */
    private final boolean replica;
    /** Publishes the head for readers on standbys; null unless asked for. */
    private final ReplicaHeadPublisher publisher;

    /**
     * @param dataSource connections to PostgreSQL
     * @param schema a checked schema name
     * @param notifications true to send and listen for notifications
     * @param listenerConnections opens the listening connection; null for the default
     */
    public PostgresDialect(DataSource dataSource, String schema, boolean notifications,
            Callable<Connection> listenerConnections) {
        this(dataSource, schema, notifications, listenerConnections, false, 0);
    }

    /**
     * @param dataSource connections to PostgreSQL
     * @param schema a checked schema name
     * @param notifications true to send and listen for notifications (ignored on a replica)
     * @param listenerConnections opens the listening connection; null for the default
     * @param replica true for a store over a streaming standby: no migrations, no appends, no
     *     notifications, and log reads stop at the head the primary publishes
     * @param publishMillis above 0 to publish the head for readers on standbys at least this often
     *     (primary only)
     */
    public PostgresDialect(DataSource dataSource, String schema, boolean notifications,
            Callable<Connection> listenerConnections, boolean replica, long publishMillis) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.sql = new PostgresSql('"' + schema + '"', "eventstore_" + schema);
        this.streamLockNamespace = LockKeys.of("eventstore:" + schema + ":stream");
        this.tagLockNamespace = LockKeys.of("eventstore:" + schema + ":tag");
        this.appendSql = sql.appendReportingOpenBelow(tagLockNamespace, ALL_KEY);
        this.listenerConnections = listenerConnections != null ? listenerConnections
                : ListenerConnections.of(dataSource);
        this.replica = replica;
        this.notifications = notifications && !replica
                ? new PostgresNotifications(sql, dataSource, this.listenerConnections) : null;
        this.publisher = publishMillis > 0 && !replica
                ? new ReplicaHeadPublisher(dataSource, sql, this::headPosition, publishMillis, where()) : null;
    }

    /** @return the schema that holds the store's tables */
    public String schema() {
        return schema;
    }

    @Override
    public String where() {
        return "schema '" + schema + "'";
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void start(Runnable wake) {
        if (replica) {
            checkReplica();
            return;
        }
        new PostgresMigrations(dataSource, schema, sql).migrate(where());
        if (notifications != null) {
            notifications.start(wake);
        }
        if (publisher != null) {
            try {
                publisher.start();
            } catch (SQLException e) {
                close();
                throw translate("create the table of the head published for standbys in " + where(), e);
            }
        }
    }

    /** A standby cannot migrate: the schema must have replicated from the primary already. */
    private void checkReplica() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.eventsTableExists)) {
            statement.setString(1, sql.events);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new EventStoreException("The read replica has no " + where() + " yet: build the store on the "
                            + "primary first (with publishReplicaHead) and let it replicate");
                }
            }
        } catch (SQLException e) {
            throw translate("open the read replica's " + where(), e);
        }
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    @Override
    public boolean readOnly() {
        return replica;
    }

    @Override
    public void checkWritable(String what) {
        refuseOnReplica(what);
    }

    private void refuseOnReplica(String what) {
        if (replica) {
            throw new IllegalStateException("Cannot " + what + ": this store reads " + where() + " on a read replica "
                    + "(a streaming standby), which is read-only; " + what + " through a store on the primary");
        }
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public Connection begin() throws SQLException {
        refuseOnReplica("begin a transaction");
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            // Appends rely on each statement seeing what committed before its locks were granted.
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql.setReadCommitted);
            }
            // Before the transaction can have an id: log readers now wait for it (see the class comment).
            try (PreparedStatement join = connection.prepareStatement(sql.joinAppenders)) {
                join.setInt(1, tagLockNamespace);
                join.setInt(2, ALL_KEY);
                join.execute();
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    @Override
    public Connection beginMaintenance() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e;
        }
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        connection.rollback();
    }

    @Override
    public void release(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The pool resets or evicts the connection on return.
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // A broken connection: the pool drops it.
        }
    }

    @Override
    public boolean appendsAlone() {
        return true;
    }

    @Override
    public boolean readsLagCommits() {
        return true;
    }

    @Override
    public void appended() {
        if (publisher != null) {
            publisher.request();
        }
        if (notifications == null) {
            return;
        }
        if (CARRIED.get() != null) {
            // This thread's append sent the notification in its own commit.
            CARRIED.remove();
            return;
        }
        notifications.requestNotify();
    }

    // ---------------------------------------------------------------- appends

    @Override
    public Appends.Outcome append(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException {
        refuseOnReplica("append");
        if (events.size() > MAX_EVENTS_PER_TRANSACTION) {
            throw new IllegalArgumentException("events must hold at most " + MAX_EVENTS_PER_TRANSACTION
                    + " events on PostgreSQL, was: " + events.size());
        }
        if (condition != null && hasUnseenRange(condition)) {
            return appendCheckingUnseen(connection, streamId, expectedVersion, events, condition);
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
        // Every append shares the key that a condition matching every event takes exclusively.
        locks.putIfAbsent(ALL_KEY, false);
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
                    locks.put(ALL_KEY, true);
                }
            }
        }
        Integer[] lockKeys = locks.keySet().toArray(new Integer[0]);
        Boolean[] lockExclusive = locks.values().toArray(new Boolean[0]);

        freshActivity(connection);
        try (PreparedStatement statement = connection.prepareStatement(appendSql)) {
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
            statement.setArray(13, conditionTypes == null ? null : connection.createArrayOf("text", conditionTypes));
            statement.setArray(14, conditionTags == null ? null : connection.createArrayOf("text", conditionTags));
            if (condition == null) {
                statement.setNull(15, java.sql.Types.BIGINT);
            } else {
                statement.setLong(15, condition.after());
            }
            // An append alone commits when the statement returns: it can carry the notification to
            // other processes, unless another append of this process is carrying one right now.
            CARRIED.remove();
            boolean carries = notifications != null && connection.getAutoCommit() && notifications.carry();
            statement.setString(16, carries ? sql.channel : null);
            statement.setString(17, carries ? notifications.sender() : null);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String status = row.getString(1);
                switch (status) {
                    case "ok":
                        if (carries) {
                            CARRIED.set(Boolean.TRUE);
                        }
                        return written(streamId, events, row.getLong(2), row.getLong(3),
                                row.getObject(4, OffsetDateTime.class).toInstant(), openBelow(row));
                    case "duplicate":
                        return retried(connection, streamId, expectedVersion, events);
                    case "tombstoned":
                        throw new StreamDeletedException(streamId);
                    case "wrong_version":
                        throw new WrongExpectedVersionException(streamId, expectedVersion, row.getLong(2));
                    case "condition_failed":
                        throw new AppendConditionFailedException(streamId, condition, row.getLong(3));
                    default:
                        throw new EventStoreException("append_events returned an unknown status " + status);
                }
            } finally {
                if (carries) {
                    notifications.carried();
                }
            }
        }
    }

    /** @return the position base of the oldest older transaction of the store still open; 0 if none */
    private static long openBelow(ResultSet row) throws SQLException {
        long base = row.getLong("open_below");
        return row.wasNull() ? 0 : base;
    }

    /**
     * @param openBelow the position base of the oldest transaction of the store that began writing before
     *     this append and was still open when it was made, 0 if none: the log is complete below it
     */
    private static Appends.Outcome written(String streamId, List<EventData> events, long lastVersion,
            long lastPosition, Instant recordedAt, long openBelow) {
        // One append's events get consecutive versions and consecutive positions.
        int count = events.size();
        List<RecordedEvent> recorded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EventData event = events.get(i);
            long back = count - 1 - i;
            recorded.add(new RecordedEvent(event.id(), streamId, lastVersion - back, lastPosition - back,
                    event.type(), event.data(), event.metadata(), event.tags(), recordedAt));
        }
        long consistent = openBelow == 0 ? lastPosition : Math.min(lastPosition, openBelow - 1);
        return new Appends.Outcome(new AppendResult(lastVersion, lastPosition, consistent), recorded);
    }

    private Appends.Outcome retried(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events) throws SQLException {
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.eventsByIds)) {
            statement.setArray(1, connection.createArrayOf("uuid",
                    events.stream().map(EventData::id).toArray(UUID[]::new)));
            for (RecordedEvent event : map(statement)) {
                byId.put(event.id(), event);
            }
        }
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (EventData event : events) {
            recorded.add(byId.get(event.id()));
        }
        ExpectedVersion place = recorded.get(0) == null ? expectedVersion
                : StreamStates.marks(connection, sql.lifecycle, streamId).placeOf(expectedVersion,
                        recorded.get(0).version());
        AppendResult first = Idempotency.check(streamId, place, events, recorded).orElseThrow(
                () -> new EventStoreException("append to stream '" + streamId
                        + "' found a recorded id that then could not be read"));
        // The first append committed long ago, but a transaction older than it may still be open: the log
        // is complete below the horizon.
        long consistent = Math.min(first.lastPosition(), Math.max(0, horizon(connection) - 1));
        return new Appends.Outcome(new AppendResult(first.nextExpectedVersion(), first.lastPosition(), consistent),
                List.of());
    }

    // ---------------------------------------------------------------- conditions over unseen events

    /**
     * @return true if a condition can be failed by an event below its {@code after}: one of another
     *     transaction between its consistent position and the transaction that wrote {@code after}
     */
    private static boolean hasUnseenRange(AppendCondition condition) {
        return condition.consistentPosition() + 1 < transactionStart(condition.after());
    }

    /** @return the first position of the transaction that wrote {@code position} */
    private static long transactionStart(long position) {
        return position & ~(long) (MAX_EVENTS_PER_TRANSACTION - 1);
    }

    /**
     * An append whose condition also counts the events other transactions recorded between its consistent
     * position and its {@code after}: transactions that were still open when the caller's own append
     * returned (see {@link AppendCondition}). The function checks what lies above {@code after}, as for
     * every condition; then, in the same transaction and still holding the locks the function took (so
     * that no matching writer can commit in between), one more statement looks for a matching event of
     * another transaction in that range, and the append is undone if there is one. On its own the append
     * runs in a transaction of its own; inside the caller's, it is undone to a savepoint.
     */
    private Appends.Outcome appendCheckingUnseen(Connection connection, String streamId,
            ExpectedVersion expectedVersion, List<EventData> events, AppendCondition condition) throws SQLException {
        AppendCondition above = new AppendCondition(condition.query(), condition.after());
        boolean alone = connection.getAutoCommit();
        Savepoint savepoint = null;
        if (alone) {
            connection.setAutoCommit(false);
        }
        try {
            if (alone) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql.setReadCommitted);
                }
            } else {
                savepoint = connection.setSavepoint();
            }
            Appends.Outcome outcome;
            try {
                outcome = append(connection, streamId, expectedVersion, events, above);
            } catch (AppendConditionFailedException e) {
                throw new AppendConditionFailedException(streamId, condition, e.conflictingPosition());
            }
            long unseen = outcome.written().isEmpty() ? 0 : firstUnseen(connection, condition, outcome);
            if (unseen > 0) {
                if (alone) {
                    connection.rollback();
                } else {
                    connection.rollback(savepoint);
                }
                throw new AppendConditionFailedException(streamId, condition, unseen);
            }
            if (alone) {
                connection.commit();
            } else {
                connection.releaseSavepoint(savepoint);
            }
            return outcome;
        } catch (SQLException | RuntimeException e) {
            if (alone) {
                rollbackQuietly(connection, e);
            }
            throw e;
        } finally {
            if (alone) {
                connection.setAutoCommit(true);
            }
        }
    }

    /** @return the position of the first matching event of another transaction in the unseen range; 0 if none */
    private long firstUnseen(Connection connection, AppendCondition condition, Appends.Outcome outcome)
            throws SQLException {
        long own = transactionStart(outcome.result().lastPosition());
        try (PreparedStatement statement = connection.prepareStatement(sql.firstUnseen(condition.query()))) {
            statement.setLong(1, condition.consistentPosition());
            statement.setLong(2, transactionStart(condition.after()));
            statement.setLong(3, own);
            statement.setLong(4, own + MAX_EVENTS_PER_TRANSACTION - 1);
            bindItems(connection, statement, 5, condition.query());
            return single(statement);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<RecordedEvent> readStream(Connection connection, String streamId, long fromVersion, int limit,
            Direction direction) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                direction == Direction.FORWARD ? sql.readStreamForward : sql.readStreamBackward)) {
            statement.setString(1, streamId);
            statement.setLong(2, fromVersion);
            statement.setString(3, streamId);
            statement.setInt(4, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readAll(Connection connection, long afterPosition, int limit) throws SQLException {
        long horizon = horizon(connection);
        try (PreparedStatement statement = connection.prepareStatement(sql.readAll)) {
            statement.setLong(1, afterPosition);
            statement.setLong(2, horizon);
            statement.setInt(3, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readCategory(Connection connection, String category, long afterPosition, int limit)
            throws SQLException {
        return readOf(connection, sql.readCategory, category, afterPosition, limit);
    }

    @Override
    public List<RecordedEvent> readStreamAfter(Connection connection, String streamId, long afterPosition, int limit)
            throws SQLException {
        return readOf(connection, sql.readStreamAfter, streamId, afterPosition, limit);
    }

    private List<RecordedEvent> readOf(Connection connection, String statementSql, String key, long afterPosition,
            int limit) throws SQLException {
        long horizon = horizon(connection);
        try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
            statement.setString(1, key);
            statement.setLong(2, afterPosition);
            statement.setLong(3, horizon);
            statement.setInt(4, limit);
            return map(statement);
        }
    }

    @Override
    public List<RecordedEvent> readQuery(Connection connection, Query query, long afterPosition, int limit)
            throws SQLException {
        long horizon = horizon(connection);
        try (PreparedStatement statement = connection.prepareStatement(sql.readQuery(query))) {
            statement.setLong(1, afterPosition);
            statement.setLong(2, horizon);
            statement.setInt(bindItems(connection, statement, 3, query), limit);
            return map(statement);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>It starts below the horizon, as a forward read stops there: the newest events it returns are
     * those a forward read of the log returns last, never one that commits later below them.
     */
    @Override
    public List<RecordedEvent> readBackward(Connection connection, Query query, long beforePosition, int limit)
            throws SQLException {
        long below = Math.min(beforePosition, horizon(connection));
        try (PreparedStatement statement = connection.prepareStatement(sql.readBackward(query))) {
            PostgresSql.bindBackward(connection, statement, query, below, limit);
            return map(statement);
        }
    }

    /**
     * Binds the values of {@link PostgresSql#matching}.
     *
     * @return the index of the next parameter
     */
    private static int bindItems(Connection connection, PreparedStatement statement, int first, Query query)
            throws SQLException {
        int index = first;
        for (QueryItem item : query.items()) {
            if (item.types().size() == 1) {
                statement.setString(index++, item.types().iterator().next());
            } else if (!item.types().isEmpty()) {
                statement.setArray(index++, connection.createArrayOf("text", item.types().toArray()));
            }
            if (!item.tags().isEmpty()) {
                statement.setArray(index++, connection.createArrayOf("text", item.tags().toArray()));
            }
        }
        return index;
    }

    /**
     * The read horizon, in a statement of its own: the read it bounds must take its snapshot after this
     * statement has seen which of the store's transactions are still running.
     */
    private long horizon(Connection connection) throws SQLException {
        if (replica) {
            return publishedHead(connection) + 1;
        }
        freshActivity(connection);
        try (PreparedStatement statement = connection.prepareStatement(sql.horizon)) {
            statement.setInt(1, tagLockNamespace);
            statement.setInt(2, ALL_KEY);
            return single(statement);
        }
    }

    /**
     * On a standby, the head the primary published (see {@link ReplicaHeadPublisher} for why that is
     * safe); 0 until the first publication has replicated.
     */
    private long publishedHead(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.replicaHeadRead);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                // The primary does not publish, or its table has not replicated yet: nothing is safe.
                return 0;
            }
            throw e;
        }
    }

    /**
     * Inside a transaction PostgreSQL keeps the first view of {@code pg_stat_activity} it gave; the
     * horizon and the append's report of older open transactions need the current one.
     */
    private void freshActivity(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            try (PreparedStatement statement = connection.prepareStatement(sql.freshActivity)) {
                statement.execute();
            }
        }
    }

    @Override
    public Optional<RecordedEvent> readEvent(Connection connection, UUID eventId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.eventById)) {
            statement.setObject(1, eventId);
            List<RecordedEvent> found = map(statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @Override
    public long streamVersion(Connection connection, String streamId) throws SQLException {
        return StreamStates.visibleVersion(connection, sql.lifecycle, streamId);
    }

    @Override
    public long headPosition(Connection connection) throws SQLException {
        long horizon = horizon(connection);
        try (PreparedStatement statement = connection.prepareStatement(sql.headPosition)) {
            statement.setLong(1, horizon);
            return single(statement);
        }
    }

    // ---------------------------------------------------------------- archives

    @Override
    public void importEvents(Connection connection, List<RecordedEvent> events) throws SQLException {
        // The same table lock the position base is raised under at start-up: no append inserts until
        // this commits, so the head read here stays the head.
        try (Statement lock = connection.createStatement()) {
            lock.execute(sql.lockEvents);
        }
        long head;
        try (PreparedStatement max = connection.prepareStatement(sql.maxPosition)) {
            head = single(max);
        }
        Map<String, StreamMarks> changed;
        try {
            changed = Imports.check(events, head, StreamStates.imported(connection, sql.lifecycle));
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL stream versions throw only SQLException", e);
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.importEvent)) {
            for (RecordedEvent event : events) {
                insert.setLong(1, event.position());
                insert.setString(2, event.streamId());
                insert.setLong(3, event.version());
                insert.setString(4, event.category());
                insert.setString(5, event.id().toString());
                insert.setString(6, event.type());
                insert.setString(7, event.data());
                insert.setString(8, event.metadata());
                insert.setArray(9, connection.createArrayOf("text", event.tags().toArray()));
                timestamps().bind(insert, 10, event.recordedAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        for (Map.Entry<String, StreamMarks> entry : changed.entrySet()) {
            StreamStates.saveMarks(connection, sql.lifecycle, entry.getKey(), entry.getValue());
            // As a delete does: a snapshot of a deleted stream would load state that its reads no longer show.
            try (PreparedStatement statement = connection.prepareStatement(tables().snapshotDelete())) {
                statement.setString(1, entry.getKey());
                statement.executeUpdate();
            }
        }
        // Imported positions were made from another cluster's transaction ids (or are small numbers from
        // SQLite): raise the offset added to this cluster's ids until new positions land above them all.
        long ahead;
        try (PreparedStatement statement = connection.prepareStatement(sql.positionsAhead)) {
            ahead = single(statement);
        }
        if (ahead >= 0) {
            try (PreparedStatement raise = connection.prepareStatement(sql.raiseBase)) {
                raise.setLong(1, ahead + 1);
                raise.executeUpdate();
            }
        }
    }

    @Override
    public long removeRange(Connection connection, String category, long afterPosition, long upToPosition)
            throws SQLException {
        try (PreparedStatement remove = connection.prepareStatement(sql.removeRange)) {
            remove.setLong(1, afterPosition);
            remove.setLong(2, upToPosition);
            remove.setString(3, category);
            remove.setString(4, category);
            long removed = remove.executeUpdate();
            try (Statement forget = connection.createStatement()) {
                forget.executeUpdate(sql.forgetEmptyStreams);
            }
            return removed;
        }
    }

    // ---------------------------------------------------------------- side tables and errors

    @Override
    public TableSql tables() {
        return sql.tables;
    }

    @Override
    public LifecycleSql lifecycle() {
        return sql.lifecycle;
    }

    @Override
    public ParkedSql parked() {
        return sql.parked;
    }

    @Override
    public KeyTableSql keyTable() {
        return sql.keyTable;
    }

    @Override
    public Timestamps timestamps() {
        return Timestamps.POSTGRES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A unique violation on the events' id or stream version means a concurrent transaction
     * recorded the same id or version first: a {@link ConcurrencyConflictException}, since running the
     * append again applies the idempotency rule and the expected version to what is recorded now. A
     * full disk (SQLSTATE 53100) says so and names the schema.
     */
    @Override
    public EventStoreException translate(String what, SQLException e) {
        if (JdbcErrors.UNIQUE_VIOLATION.equals(e.getSQLState()) && isEventsConstraint(e)) {
            return new ConcurrencyConflictException("Could not " + what + ": a concurrent transaction recorded the "
                    + "same event id or stream version first; retrying applies the idempotency rule and the "
                    + "expected version (" + e.getMessage() + ")", e);
        }
        if (JdbcErrors.DISK_FULL.equals(e.getSQLState())) {
            return new EventStoreException("Could not " + what + " in schema '" + schema + "': the database server's "
                    + "disk is full; the transaction is rolled back (SQLSTATE " + e.getSQLState() + ": "
                    + e.getMessage() + ")", e);
        }
        return JdbcErrors.translate(what, e);
    }

    // ---------------------------------------------------------------- helpers

    private static List<RecordedEvent> map(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<RecordedEvent> events = new ArrayList<>();
            while (rows.next()) {
                Array tagArray = rows.getArray(8);
                String[] tags = (String[]) tagArray.getArray();
                events.add(new RecordedEvent(rows.getObject(4, UUID.class), rows.getString(2), rows.getLong(3),
                        rows.getLong(1), rows.getString(5), rows.getString(6), rows.getString(7),
                        tags.length == 0 ? Set.of() : Set.of(tags), rows.getObject(9, OffsetDateTime.class).toInstant()));
            }
            return events;
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
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

    private static String jsonArray(Collection<String> values) {
        if (values.isEmpty()) {
            return "[]";
        }
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private static boolean isEventsConstraint(SQLException e) {
        String constraint = e instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                ? psql.getServerErrorMessage().getConstraint() : null;
        return "events_id_key".equals(constraint) || "events_stream_version_key".equals(constraint);
    }
}
