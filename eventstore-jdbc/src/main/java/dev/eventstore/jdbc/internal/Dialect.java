package dev.eventstore.jdbc.internal;

import dev.eventstore.AppendCondition;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.spi.Appends;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What {@link dev.eventstore.jdbc.JdbcEventStore} needs from a database: its connections and
 * transactions, its appends and reads on a connection, its SQL for the side tables, and its errors.
 * One implementation per database (PostgreSQL, SQLite); the store does everything else once. Not API.
 */
public interface Dialect {

    /** @return where the store is, for messages: {@code schema 'x'} or the SQLite file */
    String where();

    /** @return the connections; the store's and its callers' */
    DataSource dataSource();

    /**
     * Creates or migrates the schema and starts whatever runs in the background (notifications).
     *
     * @param wake wakes the store's subscriptions: called when another process appended
     * @throws EventStoreException if the database cannot be reached or migrated
     */
    void start(Runnable wake);

    /** Stops what runs in the background and releases the connections the dialect owns. */
    void close();

    // ---------------------------------------------------------------- transactions

    /**
     * Begins a transaction: a connection that is in it, with whatever lock the dialect's appends need.
     *
     * @return the connection
     * @throws SQLException if the database fails
     * @throws EventStoreException if a lock cannot be had in time (the message says which)
     */
    Connection begin() throws SQLException;

    /**
     * Begins a transaction for writes that are not appends (the stream lifecycle's marks, retention and
     * scavenging), ended like one of {@link #begin()}: where the database has one writer at a time
     * (SQLite) it queues with the appends; where log readers wait for running appends (PostgreSQL) it
     * is not one they wait for.
     *
     * @return the connection
     * @throws SQLException if the database fails
     * @throws EventStoreException if a lock cannot be had in time (the message says which)
     */
    Connection beginMaintenance() throws SQLException;

    /**
     * Refuses a write before it starts on a store that cannot write (a store over a read replica), so
     * that the caller learns why rather than meeting the database's refusal.
     *
     * @param what the write, for the message (for example {@code scavenge schema 'public'})
     * @throws IllegalStateException if this store is read-only; the message names the write
     */
    default void checkWritable(String what) {
    }

    /**
     * @return true if this store cannot write (a store over a read replica): its side tables are not
     *     created on first use, they replicate from the primary
     */
    default boolean readOnly() {
        return false;
    }

    /**
     * Commits a transaction begun by {@link #begin()}.
     *
     * @param connection its connection
     * @throws SQLException if the commit fails; the transaction is then rolled back
     */
    void commit(Connection connection) throws SQLException;

    /**
     * Rolls back a transaction begun by {@link #begin()}.
     *
     * @param connection its connection
     * @throws SQLException if the rollback fails (the connection is lost: the database rolls back)
     */
    void rollback(Connection connection) throws SQLException;

    /**
     * Ends the life of a transaction's connection, committed or not: gives it back, drops locks.
     *
     * @param connection its connection
     */
    void release(Connection connection);

    /**
     * @return true if an append is one statement that can run outside a transaction (auto-commit);
     *     false if the store must wrap it in {@link #begin()} and {@link #commit}
     */
    boolean appendsAlone();

    /** @return true if a committed event may stay invisible to reads of the log for a short while */
    boolean readsLagCommits();

    /**
     * Tells other processes that appends committed; cheap, never blocks on the database.
     */
    void appended();

    // ---------------------------------------------------------------- appends and reads

    /**
     * Appends on a connection: inside a transaction, or alone if {@link #appendsAlone()}.
     *
     * @param connection the connection
     * @param streamId a valid stream id
     * @param expectedVersion the expectation
     * @param events checked events
     * @param condition the condition, or null
     * @return what the append did
     * @throws SQLException if the database fails
     */
    Appends.Outcome append(Connection connection, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws SQLException;

    /**
     * @return one page of a stream; see {@link dev.eventstore.spi.AbstractEventReader}
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readStream(Connection connection, String streamId, long fromVersion, int limit,
            Direction direction) throws SQLException;

    /**
     * @return one page of the log
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readAll(Connection connection, long afterPosition, int limit) throws SQLException;

    /**
     * @return one page of a category
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readCategory(Connection connection, String category, long afterPosition, int limit)
            throws SQLException;

    /**
     * @return one page of a stream in position order
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readStreamAfter(Connection connection, String streamId, long afterPosition, int limit)
            throws SQLException;

    /**
     * @return one page of the events matching a query
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readQuery(Connection connection, Query query, long afterPosition, int limit)
            throws SQLException;

    /**
     * @return one page of the events matching a query, newest first, never above the position up to
     *     which the log is complete; see {@link dev.eventstore.spi.AbstractEventReader}
     * @throws SQLException if the database fails
     */
    List<RecordedEvent> readBackward(Connection connection, Query query, long beforePosition, int limit)
            throws SQLException;

    /**
     * @return the event with this id
     * @throws SQLException if the database fails
     */
    Optional<RecordedEvent> readEvent(Connection connection, UUID eventId) throws SQLException;

    /**
     * @return the stream's version, 0 if none
     * @throws SQLException if the database fails
     */
    long streamVersion(Connection connection, String streamId) throws SQLException;

    /**
     * @return the highest position a read of the log can return now
     * @throws SQLException if the database fails
     */
    long headPosition(Connection connection) throws SQLException;

    // ---------------------------------------------------------------- archives

    /**
     * Imports recorded events as they are, in a transaction begun by {@link #begin()}: locks the log
     * against appends, checks the events with {@link dev.eventstore.spi.Imports}, inserts them, and
     * makes later appends take positions above them.
     *
     * @param connection the transaction's connection
     * @param events the events, in ascending position
     * @throws SQLException if the database fails (a recorded id: a unique violation)
     * @throws IllegalArgumentException if the events break an import rule
     */
    void importEvents(Connection connection, List<RecordedEvent> events) throws SQLException;

    /**
     * Deletes the events in a range of positions, in a transaction begun by {@link #begin()}, and the
     * lifecycle marks of the streams left without events, except tombstones.
     *
     * @param connection the transaction's connection
     * @param category only the events of this category; null for all
     * @param afterPosition above this position
     * @param upToPosition up to and with this position
     * @return how many events were deleted
     * @throws SQLException if the database fails
     * @throws IllegalArgumentException if the range holds the newest event of the log
     */
    long removeRange(Connection connection, String category, long afterPosition, long upToPosition)
            throws SQLException;

    // ---------------------------------------------------------------- side tables and errors

    /** @return the statements of the checkpoint, snapshot and deadline tables */
    TableSql tables();

    /**
     * @return the statements of the stream lifecycle: marks, retention, scavenging
     */
    LifecycleSql lifecycle();
    /** @return the statements of the parked events table */
    ParkedSql parked();
    /** @return the statements of the subject keys table (crypto-shredding), created on first use */
    KeyTableSql keyTable();

    /** @return how the dialect stores times */
    Timestamps timestamps();

    /**
     * The one translation of a database error into the library's exceptions.
     *
     * @param what what the store was doing, for example {@code append to stream 'x'}
     * @param e the driver's exception
     * @return the exception to throw, with {@code e} as its cause
     */
    EventStoreException translate(String what, SQLException e);
}
