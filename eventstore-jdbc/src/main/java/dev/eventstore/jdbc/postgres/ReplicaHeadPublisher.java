package dev.eventstore.jdbc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, on the primary, the head that readers on streaming standbys may read up to: one row of
 * {@code <schema>.replica_head}, which replicates like any other.
 *
 * <h2>Why a published head, and why it is safe</h2>
 * On a standby, positions cannot be bounded the primary's way: a standby's {@code pg_locks} and
 * {@code pg_stat_activity} do not show the primary's transactions, and positions are not given out in
 * commit order (they come from transaction ids, taken when a transaction begins writing), so a standby
 * can replay the commit of position 11 before that of position 10. Reading "everything committed"
 * there would skip 10. So the primary computes its own read horizon (everything below it has ended),
 * reads the highest position {@code h} below it in a later statement, and then writes {@code h} to
 * this row in a transaction of its own. Every transaction below the horizon ended before that write
 * began, so its commit record lies before the write's in the WAL; a standby replays the WAL in order,
 * so once a reader there sees {@code h}, every event at or below {@code h} that will ever commit is
 * visible to its next statement. Readers on the standby read only up to the published head.
 *
 * <p>The row moves only forwards and is written only when the head moved past what this publisher
 * wrote last: an idle store makes no WAL.
 * The write takes no appenders lock, so it never holds back the primary's own log readers.
 *
 * <p>When: at once after each append of this store (coalesced: at most one publication runs at a
 * time), and every interval, for the appends of other processes and for transactions that commit late.
 * Failures (the primary going away) are logged and retried at the interval.
 */
final class ReplicaHeadPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHeadPublisher.class);

    /** Reads the head below the primary's read horizon. */
    interface HeadReader {
        long head(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final PostgresSql sql;
    private final HeadReader reader;
    private final long intervalMillis;
    private final String where;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean requested;
    private volatile boolean closed;
    private boolean failing;
    /** The head this publisher last wrote: a head not above it is not written again (no WAL when idle). */
    private long published = -1;

    ReplicaHeadPublisher(DataSource dataSource, PostgresSql sql, HeadReader reader, long intervalMillis, String where) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.reader = reader;
        this.intervalMillis = intervalMillis;
        this.where = where;
        this.thread = new Thread(this::run, "eventstore-replica-head-" + where);
        thread.setDaemon(true);
    }

    /**
     * Creates the table (once, under a lock: two processes creating it at once would collide in the
     * catalog) and starts publishing.
     */
    void start() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('dev.eventstore.replica_head'))");
                statement.execute(sql.replicaHeadCreate);
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
        thread.start();
    }

    /** Asks for a publication soon: an append of this store committed. */
    void request() {
        synchronized (lock) {
            requested = true;
            lock.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            synchronized (lock) {
                if (!requested && !closed) {
                    try {
                        lock.wait(intervalMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                requested = false;
            }
            if (closed) {
                return;
            }
            publish();
        }
    }

    private void publish() {
        try (Connection connection = dataSource.getConnection()) {
            long head = reader.head(connection);
            if (head > published) {
                // Even a conflicting insert whose update is skipped locks the row, which writes WAL.
                try (PreparedStatement statement = connection.prepareStatement(sql.replicaHeadPublish)) {
                    statement.setLong(1, head);
                    statement.executeUpdate();
                }
                published = head;
            }
            if (failing) {
                LOG.info("Publishing the head for readers on standbys in {} works again", where);
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not publish the head for readers on standbys in {}; retrying every {} ms: {}", where,
                        intervalMillis, e.toString());
                failing = true;
            }
            sleep();
        }
    }

    private void sleep() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                lock.wait(intervalMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** Stops publishing; a publication under way finishes first (its connection is not interrupted). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
