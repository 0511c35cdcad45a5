package dev.eventstore.jdbc;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.spi.AbstractEventStore;
import dev.eventstore.spi.AbstractEventTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A transaction of a {@link JdbcEventStore}: one connection, in a transaction, for its life. */
final class Transaction extends AbstractEventTransaction implements JdbcTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

    private final JdbcEventStore store;
    private final Dialect dialect;
    private final Connection connection;
    private boolean metered = true;

    Transaction(JdbcEventStore store, Connection connection, boolean managed) {
        super(AbstractEventStore.DEFAULT_PAGE_SIZE, managed);
        this.store = store;
        this.dialect = store.dialect();
        this.connection = connection;
    }

    /** @return the store this transaction belongs to */
    JdbcEventStore store() {
        return store;
    }

    @Override
    public Connection connection() {
        checkOpen();
        return connection;
    }

    /** @return the connection, whether or not the transaction has ended; for the store */
    Connection rawConnection() {
        return connection;
    }

    @Override
    protected MetricsListener metricsListener() {
        return metered ? store.metricsListener() : MetricsListener.NONE;
    }

    /** Reports nothing to the store's metrics listener: for a transaction that carries one append of the store's. */
    void unmetered() {
        metered = false;
    }

    /** @throws IllegalStateException if the transaction has ended or another thread calls */
    void checkUsable() {
        checkOpen();
    }

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        String what = "append to stream '" + streamId + "'";
        try {
            return store.appendAndProject(connection, streamId, expectedVersion, events, condition);
        } catch (Exception e) {
            throw store.rethrow(what, e);
        }
    }

    @Override
    protected void doCommit(boolean appended) {
        boolean committed = false;
        try {
            dialect.commit(connection);
            committed = true;
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw dialect.translate("commit a transaction in " + dialect.where(), e);
        } finally {
            store.ended(this, committed && appended);
        }
    }

    @Override
    protected void doRollback(boolean appended) {
        try {
            rollbackQuietly(null);
        } finally {
            store.ended(this, false);
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.warn("Could not roll back a transaction in {}; the database rolls back a transaction whose "
                        + "connection is gone", dialect.where(), e);
            }
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return read("read stream '" + streamId + "'",
                () -> dialect.readStream(connection, streamId, fromVersion, limit, direction));
    }

    @Override
    protected List<RecordedEvent> doReadAll(long afterPosition, int limit) {
        return read("read the log", () -> dialect.readAll(connection, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit) {
        return read("read category '" + category + "'",
                () -> dialect.readCategory(connection, category, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit) {
        return read("read stream '" + streamId + "'",
                () -> dialect.readStreamAfter(connection, streamId, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit) {
        return read("read events matching " + query, () -> dialect.readQuery(connection, query, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit) {
        return read("read events matching " + query + " backward",
                () -> dialect.readBackward(connection, query, beforePosition, limit));
    }

    @Override
    protected Optional<RecordedEvent> doReadEvent(UUID eventId) {
        return read("read event " + eventId, () -> dialect.readEvent(connection, eventId));
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return read("read the version of stream '" + streamId + "'", () -> dialect.streamVersion(connection, streamId));
    }

    @Override
    protected long doHeadPosition() {
        return read("read the head position", () -> dialect.headPosition(connection));
    }

    /** A read on this transaction's connection. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> T read(String what, Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw dialect.translate(what, e);
        }
    }
}
