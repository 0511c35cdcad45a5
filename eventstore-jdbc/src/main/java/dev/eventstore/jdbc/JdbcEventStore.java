package dev.eventstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.Direction;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.EventImporter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.ScavengeResult;
import dev.eventstore.StreamIds;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.TransactionWork;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.jdbc.internal.LeaseSql;
import dev.eventstore.jdbc.postgres.PostgresDialect;
import dev.eventstore.jdbc.sqlite.SqliteDialect;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.typed.SubjectKeyStore;
import dev.eventstore.reactor.DeadlineStore;
import dev.eventstore.reactor.LeaseStore;
import dev.eventstore.reactor.ParkedEventStore;
import dev.eventstore.spi.AbstractEventStore;
import dev.eventstore.spi.Appends;
import dev.eventstore.spi.StreamLifecycles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An event store in a relational database: PostgreSQL for production, or one SQLite file, the
 * embedded default. The store creates and migrates its own tables.
 *
 * <pre>{@code
 * try (JdbcEventStore store = JdbcEventStore.sqlite(Path.of("bank.db")).build()) { ... }
 *
 * JdbcEventStore store = JdbcEventStore.postgres("jdbc:postgresql://db/app?user=app")
 *         .schema("orders_events")
 *         .build();
 * }</pre>
 *
 * <p>Besides the events, the database holds the checkpoints, snapshots and deadlines of what runs on
 * the store ({@link #checkpointStore()}, {@link #snapshotStore()}, {@link #deadlineStore()}), and
 * whatever tables the application keeps beside them: {@link #inTransaction} commits appends, those
 * stores' writes, and statements on {@link JdbcTransaction#connection()} together.
 *
 * <h2>PostgreSQL</h2>
 * One table in a schema of its own ({@link PostgresBuilder#schema}). Writers run concurrently; log
 * readers see an event once every transaction that started writing before it has ended, which keeps
 * the position invariant with one number (the module's README explains how, and what it costs).
 * Appends tell other processes' stores with a {@code NOTIFY}; subscriptions also poll.
 *
 * <h2>SQLite</h2>
 * One file in WAL mode, {@code synchronous=FULL} by default. One writer at a time: appends queue in
 * this process and then take SQLite's write lock; a writer in another process makes them wait up to
 * the busy timeout, after which they fail naming the file. Positions are dense and visible at once.
 * Subscriptions see other processes' appends by polling.
 */
public final class JdbcEventStore extends AbstractEventStore
        implements TransactionalEventStore<JdbcTransaction>, StreamLifecycle, EventImporter {

    private final Dialect dialect;
    private final HikariDataSource ownedPool;
    private final List<JdbcProjectionHandler> inlineProjections;
    private final Duration pollInterval;
    private final JdbcCheckpoints checkpoints;
    private final JdbcSubjectKeys subjectKeys;
    private final JdbcSnapshots snapshots;
    private final JdbcDeadlines deadlines;
    private final JdbcLifecycle lifecycle;
    private final JdbcParkedEvents parked;
    private final JdbcLeases leases;
    /** Whether {@link #leases}' tables are known to exist. */
    private volatile boolean leasesCreated;
    /** The transaction this thread runs on this store, if any. */
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    private JdbcEventStore(Builder<?> builder, Dialect dialect, HikariDataSource ownedPool) {
        super(builder.pageSize);
        this.dialect = dialect;
        this.ownedPool = ownedPool;
        this.inlineProjections = List.copyOf(builder.inlineProjections);
        this.pollInterval = builder.pollInterval;
        this.checkpoints = new JdbcCheckpoints(this, builder.clock);
        this.subjectKeys = new JdbcSubjectKeys(this);
        this.snapshots = new JdbcSnapshots(this);
        this.deadlines = new JdbcDeadlines(this);
        this.lifecycle = new JdbcLifecycle(this, dialect, builder.clock);
        this.parked = new JdbcParkedEvents(this);
        this.leases = new JdbcLeases(this, LeaseSql.of(dialect instanceof PostgresDialect postgres
                ? '"' + postgres.schema() + '"' : null));
    }

    /**
     * Starts building a store in one SQLite file, created if missing.
     *
     * @param file the database file; its directory must exist
     * @return a builder
     * @throws IllegalArgumentException if {@code file} is null, a directory, or its directory does not
     *     exist
     */
    public static SqliteBuilder sqlite(Path file) {
        Args.notNull("file", file);
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("file must be a file, not a directory: " + absolute);
        }
        if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("file's directory does not exist: " + absolute);
        }
        return new SqliteBuilder(absolute);
    }

    /**
     * Starts building a store on PostgreSQL that creates, and closes with itself, a HikariCP pool.
     *
     * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/app?user=app}
     * @return a builder
     * @throws IllegalArgumentException if the URL is null or not a PostgreSQL JDBC URL
     */
    public static PostgresBuilder postgres(String jdbcUrl) {
        Args.notNull("jdbcUrl", jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was: " + Args.quote(jdbcUrl));
        }
        return new PostgresBuilder(null, jdbcUrl);
    }

    /**
     * Starts building a store on PostgreSQL over a data source the caller owns (and closes).
     *
     * @param dataSource connections to PostgreSQL 15 or later, ideally a pool
     * @return a builder
     * @throws IllegalArgumentException if {@code dataSource} is null
     */
    public static PostgresBuilder postgres(DataSource dataSource) {
        return new PostgresBuilder(Args.notNull("dataSource", dataSource), null);
    }

    /**
     * @return the data source the store reads and writes through; code that writes to the same
     *     database beside the events takes its connections from here (or from a transaction)
     */
    public DataSource dataSource() {
        return dialect.dataSource();
    }

    /** @return where the store is, for messages: {@code schema 'x'} or the SQLite file's path */
    public String location() {
        return dialect.where();
    }

    /**
     * @return the PostgreSQL schema that holds the store's tables; empty on SQLite. Tables of the
     *     application beside the events go into this schema.
     */
    public Optional<String> schema() {
        return dialect instanceof PostgresDialect postgres ? Optional.of(postgres.schema()) : Optional.empty();
    }

    /**
     * @return the checkpoints in this store's database ({@code checkpoints} table); within a
     *     transaction of this store, a load holds the checkpoint until the transaction ends, so two
     *     processes moving the same checkpoint take turns
     */
    @Override
    public CheckpointStore checkpointStore() {
        return checkpoints;
    }

    /** @return the snapshots in this store's database ({@code snapshots} table) */
    @Override
    public SnapshotStore snapshotStore() {
        return snapshots;
    }

    /**
     * The keys of crypto-shredding ({@link dev.eventstore.typed.PersonalData}) in this store's database:
     * the table {@code subject_keys}, created on first use. Give it to
     * {@link dev.eventstore.typed.EventTypes.Builder#subjectKeys}; {@code forget(subject)} deletes a
     * subject's key. The module's README says what stays in the database files after a forget.
     *
     * @return the subject keys in this store's database
     */
    public SubjectKeyStore subjectKeyStore() {
        return subjectKeys;
    }

    /** @return the deadlines in this store's database ({@code deadlines} table) */
    @Override
    public DeadlineStore deadlineStore() {
        return deadlines;
    }

    /**
     * @return the events that consumers parked, in this store's database ({@code parked_events} table,
     *     created on first use)
     */
    @Override
    public ParkedEventStore parkedEventStore() {
        return parked;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The leases live in the {@code group_members} and {@code group_leases} tables, which the first
     * call creates if they are missing (a store that runs no consumer group never has them): make that
     * call outside a transaction of this store.
     *
     * @throws IllegalStateException if this thread is inside a transaction of this store and the tables
     *     are not yet known to exist
     * @throws EventStoreException if the tables cannot be created
     */
    @Override
    public LeaseStore leaseStore() {
        if (!leasesCreated) {
            synchronized (leases) {
                if (!leasesCreated) {
                    leases.create();
                    leasesCreated = true;
                }
            }
        }
        return leases;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL the transaction runs at READ COMMITTED, which appends need. Log readers meet the
     * events appended here only once it commits, and no event committed after it started writing is
     * delivered to them before it ends: keep such transactions short. On SQLite the transaction holds
     * the database's write lock throughout.
     */
    @Override
    public <R> R inTransaction(TransactionWork<? super JdbcTransaction, R> work) {
        Args.notNull("work", work);
        Transaction transaction = begin(true);
        R result;
        try {
            result = work.apply(transaction);
        } catch (Exception e) {
            transaction.rollback();
            throw rethrow("run a transaction", e);
        } catch (Error e) {
            transaction.rollback();
            throw e;
        }
        transaction.commitNow();
        return result;
    }

    @Override
    public JdbcTransaction beginTransaction() {
        return begin(false);
    }

    private Transaction begin(boolean managed) {
        checkOpen();
        checkNotInTransaction("begin a transaction");
        Connection connection;
        try {
            connection = dialect.begin();
        } catch (SQLException e) {
            throw dialect.translate("begin a transaction in " + dialect.where(), e);
        }
        Transaction transaction = new Transaction(this, connection, managed);
        current.set(transaction);
        return transaction;
    }

    // ---------------------------------------------------------------- for the transaction

    Dialect dialect() {
        return dialect;
    }

    /** Called once a transaction has ended: releases its connection and wakes readers if it appended. */
    void ended(Transaction transaction, boolean committedAppends) {
        current.remove();
        dialect.release(transaction.rawConnection());
        if (committedAppends) {
            afterAppendsCommitted();
        }
    }

    /** Appends on a connection inside a transaction, then runs the inline projections on it. */
    AppendResult appendAndProject(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws Exception {
        Appends.Outcome outcome = dialect.append(connection, streamId, expectedVersion, events, condition);
        if (!outcome.written().isEmpty()) {
            for (JdbcProjectionHandler projection : inlineProjections) {
                projection.apply(outcome.written(), connection);
            }
        }
        return outcome.result();
    }

    /**
     * Rethrows what a transaction's work threw, in the library's terms.
     *
     * @return never; declared so that callers can write {@code throw rethrow(...)}
     */
    RuntimeException rethrow(String what, Exception failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof SQLException sql) {
            throw dialect.translate(what, sql);
        }
        throw new EventStoreException("Could not " + what + ": " + failure, failure);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction, holding the log against appends (SQLite's write lock; on PostgreSQL the
     * events table's EXCLUSIVE lock). On PostgreSQL the offset added to transaction ids is raised in the
     * same transaction when the imported positions are above what this cluster would make, as at
     * start-up after a restore. The {@linkplain Builder#inlineProjection inline projections} apply the
     * imported events in the import's transaction, as they do an append's; one that fails fails the import.
     */
    @Override
    public void importEvents(List<RecordedEvent> events) {
        Args.noNulls("events", events);
        String what = "import " + events.size() + " events";
        checkOpen();
        checkNotInTransaction(what);
        if (events.isEmpty()) {
            return;
        }
        inWriteTransaction(what, connection -> {
            dialect.importEvents(connection, events);
            // As for an append: the inline projections see the imported events in the same transaction.
            for (JdbcProjectionHandler projection : inlineProjections) {
                try {
                    projection.apply(events, connection);
                } catch (SQLException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new EventStoreException("Could not " + what + ": an inline projection failed: " + e, e);
                }
            }
            return null;
        }, events);
        afterAppendsCommitted();
    }

    /**
     * Deletes the events of a range of the log, all of them or those of one category: what an archive
     * ({@link dev.eventstore.archive.EventArchive}) holds, once it is safely written. One transaction.
     *
     * <p>What it leaves: positions are never reused (the newest event of the log cannot be removed on
     * SQLite, whose next position is the highest plus one); checkpoints and readers beyond the range are
     * unaffected. A stream keeps the version of its newest remaining event: a stream whose events are
     * all removed reads as empty, and an append with {@code noStream} would start it again at version 1
     * (its soft delete or truncation is forgotten with its events; a tombstone stays), so archive streams
     * that are finished. Ids of removed events can be used again; snapshots of removed
     * streams are not touched. The space is reusable at once on PostgreSQL after VACUUM (or, with the log
     * partitioned by position, given back by detaching a partition: see the benchmarks' README).
     *
     * @param category only the events of this category; null for every event of the range
     * @param afterPosition remove events above this position, from 0
     * @param upToPosition remove events up to and with this position
     * @return how many events were removed
     * @throws IllegalArgumentException if the range is negative or empty, the category is blank, or (on
     *     SQLite) the range holds the newest event of the log
     * @throws EventStoreException if the database fails; nothing is removed
     */
    public long removeArchived(String category, long afterPosition, long upToPosition) {
        if (category != null && category.isBlank()) {
            throw new IllegalArgumentException("category must be null (all) or not blank, was '" + category + "'");
        }
        Args.atLeast("afterPosition", afterPosition, 0);
        if (upToPosition <= afterPosition) {
            throw new IllegalArgumentException("upToPosition must be above afterPosition (" + afterPosition + "), was "
                    + upToPosition);
        }
        String what = "remove the events in (" + afterPosition + ", " + upToPosition + "]"
                + (category == null ? "" : " of category '" + category + "'");
        checkOpen();
        checkNotInTransaction(what);
        return inWriteTransaction(what, connection -> dialect.removeRange(connection, category, afterPosition,
                upToPosition), List.of());
    }

    /**
     * Runs a small write of a side table (a subject's key) as this store's writers write: in the
     * transaction this thread runs on this store, if any, so that it commits with it and never waits for
     * a lock the thread itself holds; otherwise in a write transaction of its own, which on SQLite queues
     * with the appends for the single writer.
     *
     * @param what what the work does, for error messages
     * @param work the statements
     * @param <T> what the work returns
     * @return what the work returned
     * @throws dev.eventstore.EventStoreException if the database fails
     */
    <T> T sideWrite(String what, ConnectionWork<T> work) {
        Transaction transaction = current.get();
        if (transaction != null) {
            transaction.checkUsable();
            try {
                return work.run(transaction.rawConnection());
            } catch (SQLException e) {
                throw dialect.translate(what + " in " + dialect.where(), e);
            }
        }
        checkOpen();
        return inWriteTransaction(what + " in " + dialect.where(), work, List.of());
    }

    /**
     * Reads a side table as {@link #sideWrite} writes it: in this thread's transaction of this store, if
     * any (which sees its own uncommitted writes), else on a connection of the pool.
     *
     * @param what what the work does, for error messages
     * @param work the statements
     * @param <T> what the work returns
     * @return what the work returned
     * @throws dev.eventstore.EventStoreException if the database fails
     */
    <T> T sideRead(String what, ConnectionWork<T> work) {
        if (current.get() != null) {
            return sideWrite(what, work);
        }
        return read(what + " in " + dialect.where(), work);
    }

    /** @return true if this thread runs a transaction of this store */
    boolean inTransactionOnThisThread() {
        return current.get() != null;
    }

    private <T> T inWriteTransaction(String what, ConnectionWork<T> work, List<RecordedEvent> imported) {
        Connection connection;
        try {
            connection = dialect.begin();
        } catch (SQLException e) {
            throw dialect.translate(what, e);
        }
        try {
            T result = work.run(connection);
            dialect.commit(connection);
            return result;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            // A unique violation of an import (SQLSTATE 23505 on PostgreSQL, a constraint error on SQLite):
            // name the recorded id, if that was it; other failures stay as they are.
            if (!imported.isEmpty()) {
                for (RecordedEvent event : imported) {
                    Optional<RecordedEvent> held = readEvent(event.id());
                    if (held.isPresent()) {
                        throw new DuplicateEventIdException(event.id(), "cannot import " + event
                                + ": it is recorded in stream '" + held.get().streamId() + "'");
                    }
                }
            }
            throw dialect.translate(what, e);
        } catch (RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            dialect.release(connection);
        }
    }

    private void rollbackQuietly(Connection connection) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            // The connection is lost: the database rolls back by itself.
        }
    }

    private void afterAppendsCommitted() {
        notifyAppended();
        dialect.appended();
    }

    private void checkNotInTransaction(String what) {
        if (current.get() != null) {
            throw new IllegalStateException("Cannot " + what + ": this thread is inside a transaction of this "
                    + "store; use the JdbcTransaction it was given");
        }
    }

    // ---------------------------------------------------------------- appends and reads

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        String what = "append to stream '" + streamId + "'";
        checkNotInTransaction(what);
        if (!dialect.appendsAlone() || !inlineProjections.isEmpty()) {
            return inTransaction(tx -> {
                // This store's append reports itself; the transaction that carries it must not again.
                ((Transaction) tx).unmetered();
                return condition == null ? tx.append(streamId, expectedVersion, events)
                        : tx.append(streamId, expectedVersion, events, condition);
            });
        }
        AppendResult result;
        try {
            result = appendAlone(streamId, expectedVersion, events, condition);
        } catch (ConcurrencyConflictException race) {
            // A concurrent append recorded one of these ids between this append's check and its insert,
            // and has committed: asked again, the database applies the idempotency rule.
            result = appendAlone(streamId, expectedVersion, events, condition);
        }
        afterAppendsCommitted();
        return result;
    }

    private AppendResult appendAlone(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        try (Connection connection = dialect.dataSource().getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return dialect.append(connection, streamId, expectedVersion, events, condition).result();
        } catch (SQLException e) {
            throw dialect.translate("append to stream '" + streamId + "'", e);
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return read("read stream '" + streamId + "'",
                c -> dialect.readStream(c, streamId, fromVersion, limit, direction));
    }

    @Override
    protected List<RecordedEvent> doReadAll(long afterPosition, int limit) {
        return read("read the log", c -> dialect.readAll(c, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit) {
        return read("read category '" + category + "'", c -> dialect.readCategory(c, category, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit) {
        return read("read stream '" + streamId + "'",
                c -> dialect.readStreamAfter(c, streamId, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit) {
        return read("read events matching " + query, c -> dialect.readQuery(c, query, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit) {
        return read("read events matching " + query + " backward",
                c -> dialect.readBackward(c, query, beforePosition, limit));
    }

    @Override
    protected Optional<RecordedEvent> doReadEvent(UUID eventId) {
        return read("read event " + eventId, c -> dialect.readEvent(c, eventId));
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return read("read the version of stream '" + streamId + "'", c -> dialect.streamVersion(c, streamId));
    }

    @Override
    protected long doHeadPosition() {
        return read("read the head position", dialect::headPosition);
    }

    // ---------------------------------------------------------------- stream lifecycle

    /**
     * {@inheritDoc}
     *
     * <p>The marker's append and the stream's new marks commit in one transaction, which also removes the
     * stream's snapshot.
     */
    @Override
    public AppendResult deleteStream(String streamId, ExpectedVersion expectedVersion) {
        ExpectedVersion expected = StreamLifecycles.checkDelete(streamId, expectedVersion);
        checkOpen();
        return lifecycle.delete(streamId, expected, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL the transaction that records the tombstone holds the stream's lock from its marker's
     * append to its commit; appends to the stream wait for it, then fail.
     */
    @Override
    public AppendResult tombstoneStream(String streamId, ExpectedVersion expectedVersion) {
        StreamLifecycles.checkTombstone(streamId, expectedVersion);
        checkOpen();
        return lifecycle.delete(streamId, expectedVersion, true);
    }

    @Override
    public long truncateStream(String streamId, long beforeVersion, boolean force) {
        StreamIds.validate(streamId);
        checkOpen();
        checkNotInTransaction("truncate stream '" + streamId + "'");
        return lifecycle.truncate(streamId, beforeVersion, force);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The database keeps the age in whole microseconds: an age below 1 microsecond, or too long for a
     * 64-bit count of microseconds, is refused with {@link IllegalArgumentException} naming it.
     */
    @Override
    public void setRetention(String category, RetentionPolicy policy) {
        checkOpen();
        lifecycle.setRetention(category, policy);
    }

    @Override
    public Optional<RetentionPolicy> retention(String category) {
        checkOpen();
        return lifecycle.retention(category);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Retention by age compares the events' {@code recorded_at} with this store's clock; on PostgreSQL
     * events are stamped by the database's clock, so the two should agree to well within the age.
     */
    @Override
    public ScavengeResult scavenge(boolean compact) {
        checkOpen();
        checkNotInTransaction("scavenge");
        return lifecycle.scavenge(compact);
    }

    @Override
    protected Duration pollInterval() {
        return pollInterval;
    }

    @Override
    protected boolean readsLagCommits() {
        return dialect.readsLagCommits();
    }

    @Override
    protected void doClose() {
        try {
            dialect.close();
        } finally {
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }

    /** Work on a connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs a read on a connection of the pool, in auto-commit mode. */
    <T> T read(String what, ConnectionWork<T> work) {
        try (Connection connection = dialect.dataSource().getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw dialect.translate(what, e);
        }
    }

    // ---------------------------------------------------------------- building

    /**
     * The settings both databases share; each setter checks its value at once.
     *
     * @param <B> the database's builder, returned by the setters
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Duration pollInterval;
        private Clock clock = Clock.systemUTC();
        private final List<JdbcProjectionHandler> inlineProjections = new ArrayList<>();

        Builder(Duration defaultPollInterval) {
            this.pollInterval = defaultPollInterval;
        }

        abstract B self();

        /**
         * @param pageSize how many events lazy reads fetch at once (default 500); subscriptions read
         *     {@link dev.eventstore.SubscriptionOptions#batchSize()} events at once
         * @return this builder
         * @throws IllegalArgumentException if below 1 or above 10,000
         */
        public B pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 10_000) {
                throw new IllegalArgumentException("pageSize must be between 1 and 10000, was: " + pageSize);
            }
            this.pageSize = pageSize;
            return self();
        }

        /**
         * @param pollInterval how long a caught-up subscription waits for a wake-up before it reads
         *     anyway: the delay after which it sees appends it was not told about
         * @return this builder
         * @throws IllegalArgumentException if null, or not between 1 ms and 1 hour
         */
        public B pollInterval(Duration pollInterval) {
            Args.notNull("pollInterval", pollInterval);
            if (pollInterval.toMillis() < 1 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 1 ms and 1 hour, was: "
                        + pollInterval);
            }
            this.pollInterval = pollInterval;
            return self();
        }

        /**
         * @param projection runs inside every append's transaction, after the events are inserted, for
         *     every append that writes events (not for a retry the idempotency rule recognises); its
         *     {@code apply} failing fails the append
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public B inlineProjection(JdbcProjectionHandler projection) {
            inlineProjections.add(Args.notNull("projection", projection));
            return self();
        }

        /**
         * @param clock stamps what the store records: events on SQLite, checkpoints everywhere
         *     (default the system clock, UTC); PostgreSQL stamps events with its own clock
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public B clock(Clock clock) {
            this.clock = Args.notNull("clock", clock);
            return self();
        }

        Clock clock() {
            return clock;
        }

        /** Starts the dialect, and closes everything again if that fails. */
        JdbcEventStore build(Dialect dialect, HikariDataSource ownedPool) {
            JdbcEventStore store = new JdbcEventStore(this, dialect, ownedPool);
            try {
                dialect.start(store::notifyAppended);
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }

    /** Builds a store in one SQLite file; {@link #build()} opens and migrates it. */
    public static final class SqliteBuilder extends Builder<SqliteBuilder> {
        private final Path file;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private boolean synchronousFull = true;
        private int maxConnections = 4;
        private long maxPageCount;

        private SqliteBuilder(Path file) {
            // Only other processes' appends need polling; this store's own wake subscriptions at once.
            super(Duration.ofMillis(100));
            this.file = file;
        }

        @Override
        SqliteBuilder self() {
            return this;
        }

        /**
         * @param busyTimeout how long an append waits for another writer before it fails (default 5 s)
         * @return this builder
         * @throws IllegalArgumentException if null, negative, or above one hour
         */
        public SqliteBuilder busyTimeout(Duration busyTimeout) {
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
        public SqliteBuilder synchronousNormal() {
            this.synchronousFull = false;
            return this;
        }

        /**
         * @param maxConnections how many connections the store keeps open to the file (default 4);
         *     readers run in parallel on them
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public SqliteBuilder maxConnections(int maxConnections) {
            this.maxConnections = (int) Args.atLeast("maxConnections", maxConnections, 1);
            return this;
        }

        /**
         * Caps the size of the file, as SQLite's {@code max_page_count} does: at {@code maxPageCount}
         * pages of the file's page size (4096 bytes unless the file was made with another). An
         * append that would grow the file beyond it fails like one on a full disk: with an
         * {@link EventStoreException} that says the file is full and names it, writing nothing. Opening
         * the file again with a higher cap (or none) lets appends go on. By default there is no cap
         * but the disk's.
         *
         * @param maxPageCount the most pages the file may hold; a cap below its present size holds it
         *     at that size
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public SqliteBuilder maxPageCount(long maxPageCount) {
            this.maxPageCount = Args.atLeast("maxPageCount", maxPageCount, 1);
            return this;
        }

        /**
         * Opens the file (creating it if needed) and creates or migrates the schema.
         *
         * @return the store
         * @throws EventStoreException if the file cannot be opened or migrated; nothing is left open
         */
        public JdbcEventStore build() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:sqlite:" + file);
            config.setMaximumPoolSize(maxConnections);
            config.setPoolName("eventstore-sqlite");
            config.setConnectionTimeout(Math.max(250, busyTimeout.toMillis() + 1_000));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", synchronousFull ? "FULL" : "NORMAL");
            config.addDataSourceProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
            config.addDataSourceProperty("foreign_keys", "true");
            if (maxPageCount > 0) {
                config.addDataSourceProperty("max_page_count", Long.toString(maxPageCount));
            }
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new EventStoreException("Could not open the SQLite file " + file + ": " + e.getMessage(), e);
            }
            return build(new SqliteDialect(pool, file, busyTimeout, clock()), pool);
        }
    }

    /**
     * Builds a store on PostgreSQL 15 or later; {@link #build()} connects, migrates the schema and
     * starts listening.
     */
    public static final class PostgresBuilder extends Builder<PostgresBuilder> {
        private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,49}");

        private final DataSource dataSource;
        private final String jdbcUrl;
        private String schema = PostgresDialect.DEFAULT_SCHEMA;
        private boolean notifications = true;
        private int maxPoolSize = 10;
        private Callable<Connection> listenerConnections;
        private boolean readReplica;
        private Duration publishReplicaHead;

        private PostgresBuilder(DataSource dataSource, String jdbcUrl) {
            // Notifications wake subscriptions at once; polling is the fallback when they are lost.
            super(Duration.ofMillis(500));
            this.dataSource = dataSource;
            this.jdbcUrl = jdbcUrl;
        }

        @Override
        PostgresBuilder self() {
            return this;
        }

        /**
         * @param schema the schema for the store's tables, created if missing: lower-case letters,
         *     digits and underscores, at most 50 characters, not starting with a digit; default
         *     {@value PostgresDialect#DEFAULT_SCHEMA}
         * @return this builder
         * @throws IllegalArgumentException if the name does not fit those rules
         */
        public PostgresBuilder schema(String schema) {
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
        public PostgresBuilder notifications(boolean enabled) {
            this.notifications = enabled;
            return this;
        }

        /**
         * @param maxPoolSize the size of the pool the store creates for a JDBC URL (default 10);
         *     ignored for a data source of the caller's
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public PostgresBuilder maxPoolSize(int maxPoolSize) {
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
        public PostgresBuilder listenerConnections(Callable<Connection> connections) {
            this.listenerConnections = Args.notNull("connections", connections);
            return this;
        }

        /**
         * Makes this a read-only store over a PostgreSQL <em>streaming standby</em> (a hot standby
         * made with {@code pg_basebackup -R}), for scaling reads out. Its log reads and subscriptions
         * stop at the head that a store on the primary publishes ({@link #publishReplicaHead}), so
         * they never skip an event although the standby replays commits in an order that is not
         * position order. Without a publishing primary they see no event of the log.
         *
         * <p>Such a store neither migrates (the schema must have replicated from the primary; building
         * fails naming the schema otherwise) nor appends nor begins transactions (both throw
         * {@link IllegalStateException}), and it cannot store checkpoints (the standby refuses
         * writes): keep a subscriber's checkpoint elsewhere. The stream lifecycle's writes (delete,
         * tombstone, truncate, retention, scavenge), parking and removing parked events, and creating or
         * forgetting subject keys throw {@link IllegalStateException} too; subject keys and parked events
         * are read from the tables replicated from the primary. A standby cannot {@code LISTEN}, so its
         * subscriptions wake by polling: set {@link #pollInterval} to the latency you want. Stream reads
         * and reads by id see what the standby has replayed.
         *
         * <p>On failover (the standby is promoted), the store goes on reading the same server; it sees
         * new events once a store on the promoted server publishes the head again. Events the old
         * primary had committed but the standby had not replayed are lost by an asynchronous standby,
         * but a reader of the standby never saw them either, so its checkpoints stay valid.
         *
         * @return this builder
         */
        public PostgresBuilder readReplica() {
            this.readReplica = true;
            return this;
        }

        /**
         * Publishes, on the primary, the head up to which readers on streaming standbys
         * ({@link #readReplica()}) may read: after each append of this store, and at least every
         * {@code interval} for other processes' appends and transactions that commit late. It writes a
         * row of {@code <schema>.replica_head} only when the head moved. One publishing store per
         * primary is enough; several are harmless (the row only moves forwards).
         *
         * @param interval the longest time between two publications while the head moves
         * @return this builder
         * @throws IllegalArgumentException if null, zero or negative
         */
        public PostgresBuilder publishReplicaHead(Duration interval) {
            Args.notNull("interval", interval);
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be positive, was: " + interval);
            }
            this.publishReplicaHead = interval;
            return this;
        }

        /**
         * Connects, creates or migrates the schema, and starts listening for notifications.
         *
         * @return the store
         * @throws EventStoreException if the database cannot be reached or migrated (the cause says
         *     why); nothing is left open
         * @throws IllegalStateException if both {@link #readReplica()} and {@link #publishReplicaHead}
         *     were asked for (a standby cannot publish)
         */
        public JdbcEventStore build() {
            if (readReplica && publishReplicaHead != null) {
                throw new IllegalStateException("a read replica cannot publish the replica head: call "
                        + "publishReplicaHead(...) on the builder of the primary's store");
            }
            HikariDataSource pool = null;
            DataSource source = dataSource;
            if (source == null) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(jdbcUrl);
                config.setMaximumPoolSize(maxPoolSize);
                config.setConnectionTimeout(5_000);
                config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
                config.setPoolName("eventstore-" + schema);
                try {
                    pool = new HikariDataSource(config);
                } catch (RuntimeException e) {
                    throw new EventStoreException("Could not connect to " + redact(jdbcUrl) + ": " + e.getMessage(), e);
                }
                source = pool;
            }
            return build(new PostgresDialect(source, schema, notifications, listenerConnections, readReplica,
                    publishReplicaHead == null ? 0 : Math.max(1, publishReplicaHead.toMillis())), pool);
        }

        private static String redact(String url) {
            return url.replaceAll("password=[^&]*", "password=***");
        }
    }
}
