package dev.eventstore.jdbc;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.spi.AbstractEventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the PostgreSQL and SQLite stores share: a {@link DataSource}, transactions that hold appends
 * and the caller's own statements together ({@link #inTransaction}), and inline projections that
 * run inside each append's transaction.
 */
public abstract class JdbcEventStore extends AbstractEventStore {

    private final List<InlineProjection> inlineProjections;
    private final Duration pollInterval;
    /** Set while this thread runs {@link #inTransaction} work, to refuse appends that would wait on it. */
    private final ThreadLocal<Boolean> inTransaction = new ThreadLocal<>();

    /**
     * @param builder the settings both dialects share
     */
    protected JdbcEventStore(Builder<?> builder) {
        super(builder.pageSize);
        this.inlineProjections = List.copyOf(builder.inlineProjections);
        this.pollInterval = builder.pollInterval;
    }

    /**
     * @return the data source the store reads and writes through; a projection that writes to the
     *     same database takes its connections from here
     */
    public abstract DataSource dataSource();

    /**
     * @return the checkpoints kept in this store's database ({@code checkpoints} table), usable
     *     inside this store's transactions
     */
    public abstract JdbcCheckpointStore checkpointStore();

    /** @return the snapshots kept in this store's database ({@code snapshots} table) */
    public abstract dev.eventstore.aggregate.SnapshotStore snapshotStore();

    /**
     * Runs {@code work} in one database transaction and commits it, or rolls it back if the work
     * throws. Appends made through the {@link JdbcTransaction} and statements run on its connection
     * commit together: the way to write events and other rows of the same database atomically.
     * Subscriptions of this store are woken once it commits.
     *
     * <p>On PostgreSQL the transaction runs at READ COMMITTED; log readers meet events appended here
     * only once it commits, and no event committed after it started writing is delivered to them
     * before it ends: keep such transactions short. On SQLite, the transaction holds the database's
     * write lock throughout. Inside the work, append through the {@link JdbcTransaction}: the store's
     * own {@code append} and {@code inTransaction} would wait for this transaction, and are refused.
     *
     * @param work the work
     * @param <T> what the work returns
     * @return what the work returned
     * @throws IllegalArgumentException if {@code work} is null
     * @throws IllegalStateException if the store is closed, or this thread is already inside a
     *     transaction of this store
     * @throws dev.eventstore.ConcurrencyConflictException if the database broke a deadlock or refused
     *     a serialization conflict; nothing was committed, and retrying may succeed
     * @throws RuntimeException what the work threw, unchanged, after the rollback; a checked
     *     exception or a database error is wrapped in an {@link EventStoreException}
     */
    public final <T> T inTransaction(TransactionWork<T> work) {
        Args.notNull("work", work);
        checkOpen();
        checkNotInTransaction("run a transaction");
        Transaction[] transaction = new Transaction[1];
        T result;
        inTransaction.set(Boolean.TRUE);
        try {
            result = transaction("run a transaction", connection -> {
                transaction[0] = new Transaction(connection);
                try {
                    return work.apply(transaction[0]);
                } finally {
                    transaction[0].finished = true;
                }
            });
        } finally {
            inTransaction.remove();
        }
        if (transaction[0] != null && transaction[0].appended) {
            afterAppendsCommitted();
        }
        return result;
    }

    /** @return the builder's poll interval: how long a caught-up subscription waits before reading anyway */
    @Override
    protected final Duration pollInterval() {
        return pollInterval;
    }

    // ---------------------------------------------------------------- for the dialects

    /**
     * Refuses work that would need a second connection while this thread's {@link #inTransaction}
     * holds locks on the first: it would wait for a transaction that waits for it.
     *
     * @param what what was attempted, for the message
     * @throws IllegalStateException if this thread is inside a transaction of this store
     */
    protected final void checkNotInTransaction(String what) {
        if (inTransaction.get() != null) {
            throw new IllegalStateException("Cannot " + what + ": this thread is inside a transaction of this "
                    + "store; use the JdbcTransaction it was given");
        }
    }

    /**
     * Called after a transaction that appended events committed: wakes this store's subscriptions.
     * A dialect that tells other processes overrides it and calls it.
     */
    protected void afterAppendsCommitted() {
        notifyAppended();
    }

    /**
     * Turns an exception of an append inside a caller's transaction into the library's.
     *
     * @param what what was attempted
     * @param e the driver's exception
     * @return the exception to throw
     */
    protected EventStoreException translateAppendFailure(String what, SQLException e) {
        return JdbcErrors.translate(what, e);
    }

    /**
     * Work on a connection inside a transaction.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    protected interface SqlWork<T> {
        /**
         * @param connection the transaction's connection
         * @return the result
         * @throws Exception to roll back
         */
        T run(Connection connection) throws Exception;
    }

    /**
     * What an append wrote.
     *
     * @param result what the append returns
     * @param events the events written; empty for a retry the idempotency rule recognised
     */
    protected record Appended(AppendResult result, List<RecordedEvent> events) {
    }

    /**
     * @param result what the append returns
     * @param events the events written; empty for a retry the idempotency rule recognised
     * @return what an append wrote
     */
    protected static Appended appended(AppendResult result, List<RecordedEvent> events) {
        return new Appended(result, List.copyOf(events));
    }

    /**
     * Runs work in one transaction: begins it, commits it, or rolls it back if the work throws.
     *
     * @param what what the work does, for error messages ("append to stream 'x'")
     * @param work the work
     * @param <T> the result
     * @return the work's result
     * @throws RuntimeException what the work threw; a checked exception or database error wrapped
     *     in an {@link EventStoreException}
     */
    protected abstract <T> T transaction(String what, SqlWork<T> work);

    /**
     * Appends on a connection that is inside a transaction; checks, locks and inserts as the dialect
     * requires.
     *
     * @param connection the transaction's connection
     * @param streamId a valid stream id
     * @param expectedVersion the expectation
     * @param events checked events
     * @param condition the condition, or null
     * @return what was written
     * @throws SQLException if the database fails
     */
    protected abstract Appended appendIn(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException;

    /** @return true if inline projections are registered, so appends need a transaction of their own */
    protected final boolean hasInlineProjections() {
        return !inlineProjections.isEmpty();
    }

    /**
     * Appends and then runs the inline projections, all on {@code connection}'s transaction.
     *
     * @param connection the transaction's connection
     * @param streamId a valid stream id
     * @param expectedVersion the expectation
     * @param events checked events
     * @param condition the condition, or null
     * @return the append's result
     * @throws SQLException if the database or a projection fails
     */
    protected final AppendResult appendAndProject(Connection connection, String streamId,
            ExpectedVersion expectedVersion, List<EventData> events, AppendCondition condition) throws SQLException {
        Appended appended = appendIn(connection, streamId, expectedVersion, events, condition);
        if (!appended.events().isEmpty()) {
            for (InlineProjection projection : inlineProjections) {
                projection.apply(appended.events(), connection);
            }
        }
        return appended.result();
    }

    /**
     * Rethrows what a transaction's work threw, in the library's terms.
     *
     * @param what what the work did
     * @param failure what it threw
     * @return never; declared so that callers can write {@code throw rethrow(...)}
     */
    protected static RuntimeException rethrow(String what, Exception failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof SQLException sql) {
            throw JdbcErrors.translate(what, sql);
        }
        throw new EventStoreException("Could not " + what + ": " + failure, failure);
    }

    private final class Transaction implements JdbcTransaction {
        private final Connection connection;
        private volatile boolean finished;
        private boolean appended;

        Transaction(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection connection() {
            checkActive();
            return connection;
        }

        @Override
        public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
            return appendChecked(streamId, expectedVersion, events, null);
        }

        @Override
        public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
                AppendCondition condition) {
            Args.notNull("condition", condition);
            return appendChecked(streamId, expectedVersion, events, condition);
        }

        private AppendResult appendChecked(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
                AppendCondition condition) {
            checkActive();
            List<EventData> checked = checkAppend(streamId, expectedVersion, events);
            try {
                AppendResult result = appendAndProject(connection, streamId, expectedVersion, checked, condition);
                appended = true;
                return result;
            } catch (SQLException e) {
                throw translateAppendFailure("append to stream '" + streamId + "'", e);
            }
        }

        private void checkActive() {
            if (finished) {
                throw new IllegalStateException("the transaction has ended; use it only inside inTransaction");
            }
        }
    }

    /**
     * The settings both dialects' builders share; each setter checks its value at once.
     *
     * @param <B> the dialect's builder, returned by the setters
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Duration pollInterval;
        private final List<InlineProjection> inlineProjections = new ArrayList<>();

        /**
         * @param defaultPollInterval the dialect's default for {@link #pollInterval(Duration)}
         */
        protected Builder(Duration defaultPollInterval) {
            this.pollInterval = defaultPollInterval;
        }

        /** @return this builder, as the dialect's type */
        protected abstract B self();

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
         * @param projection runs inside every append's transaction, after the events are inserted
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public B inlineProjection(InlineProjection projection) {
            inlineProjections.add(Args.notNull("projection", projection));
            return self();
        }
    }
}
