package dev.eventstore.jdbc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN/NOTIFY between processes that share a store's schema.
 *
 * <p>Sending: an append that runs alone carries the NOTIFY in its own transaction (the append
 * function sends it), which costs no second transaction and no second round trip. PostgreSQL
 * serializes the commits of notifying transactions on one lock held through the commit's disk flush,
 * so at most one append of this process at a time carries it ({@link #carry()}); the others, and
 * transactions of the caller's, ask one thread to send a NOTIFY after they commit, in a transaction
 * of its own with asynchronous commit, at most one every couple of milliseconds: a burst of
 * concurrent appends costs one or two extra notifications.
 *
 * <p>Listening: one thread holds a dedicated connection that LISTENs, and wakes the store's
 * subscriptions on each notification. When the connection breaks it logs, backs off and reconnects,
 * then wakes the subscriptions once, since notifications sent meanwhile are lost; the subscriptions'
 * polling covers the gap.
 */
final class PostgresNotifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int LISTEN_WAIT_MILLIS = 500;
    private static final long BACKOFF_FIRST_MILLIS = 100;
    private static final long BACKOFF_MAX_MILLIS = 5_000;
    /**
     * After sending, the sender waits this long before the next NOTIFY: appends meanwhile share it.
     * A steady writer then costs the database one notification per window, not one per append, and
     * other processes hear of an append at most this much later.
     */
    private static final long COALESCE_MILLIS = 2;

    private final PostgresSql sql;
    private final String channel;
    private final DataSource dataSource;
    private final Callable<Connection> listenerConnections;
    private volatile Runnable onNotification;
    private final Thread listener;
    private final Thread sender;
    private final Object senderLock = new Object();
    /** Tells this store's notifications from other processes': the store's own appends woke it already. */
    private final String instance = java.util.UUID.randomUUID().toString();
    private boolean notifyRequested;
    /** True while an append of this process carries a NOTIFY in its own transaction. */
    private final java.util.concurrent.atomic.AtomicBoolean carrying = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private volatile Connection listenerConnection;

    PostgresNotifications(PostgresSql sql, DataSource dataSource, Callable<Connection> listenerConnections) {
        this.sql = sql;
        this.channel = sql.channel;
        this.dataSource = dataSource;
        this.listenerConnections = listenerConnections;
        this.listener = new Thread(this::listen, "eventstore-listen-" + channel);
        this.listener.setDaemon(true);
        this.sender = new Thread(this::send, "eventstore-notify-" + channel);
        this.sender.setDaemon(true);
    }

    /** @param onNotification wakes the store's subscriptions; called on the listening thread */
    void start(Runnable onNotification) {
        this.onNotification = onNotification;
        listener.start();
        sender.start();
    }

    /**
     * Lets the calling append carry the NOTIFY in its own transaction, if no other append of this
     * process carries one now; {@link #carried()} ends its turn.
     *
     * @return true if the caller carries it
     */
    /** @return the payload of this store's notifications: a listener ignores those it sent itself */
    String sender() {
        return instance;
    }

    boolean carry() {
        return carrying.compareAndSet(false, true);
    }

    /** Ends the turn {@link #carry()} gave. */
    void carried() {
        carrying.set(false);
    }

    /** Asks for a NOTIFY to be sent soon; cheap, never blocks on the database. */
    void requestNotify() {
        synchronized (senderLock) {
            notifyRequested = true;
            senderLock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (senderLock) {
            senderLock.notifyAll();
        }
        Connection connection = listenerConnection;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing is best effort; the thread ends either way.
            }
        }
        join(listener);
        join(sender);
    }

    private void send() {
        long failures = 0;
        while (!closed) {
            synchronized (senderLock) {
                while (!notifyRequested && !closed) {
                    try {
                        senderLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                notifyRequested = false;
            }
            if (closed) {
                return;
            }
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql.notify)) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                statement.setString(1, channel);
                statement.setString(2, instance);
                statement.execute();
                failures = 0;
                pause(COALESCE_MILLIS);
            } catch (SQLException | RuntimeException e) {
                failures++;
                LOG.warn("Could not send a notification on channel {} (failure {}); other processes' "
                        + "subscriptions will see the appends when they poll", channel, failures, e);
                pause(backoff(failures));
            }
        }
    }

    private void listen() {
        long failures = 0;
        while (!closed) {
            try (Connection connection = listenerConnections.call()) {
                listenerConnection = connection;
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql.listen);
                }
                if (failures > 0) {
                    LOG.info("Listening on channel {} again after {} failures", channel, failures);
                    failures = 0;
                    // Notifications sent while we were away are lost: read now instead.
                    onNotification.run();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(LISTEN_WAIT_MILLIS);
                    if (received != null && fromElsewhere(received)) {
                        onNotification.run();
                    }
                }
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                failures++;
                long wait = backoff(failures);
                LOG.warn("Lost the notification connection on channel {} (failure {}); subscriptions poll "
                        + "meanwhile; reconnecting in {} ms", channel, failures, wait, e);
                pause(wait);
            } finally {
                listenerConnection = null;
            }
        }
    }

    /** True if one of the notifications came from another store: this store's own woke it already. */
    private boolean fromElsewhere(PGNotification[] received) {
        for (PGNotification notification : received) {
            if (!instance.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private static long backoff(long failures) {
        return Math.min(BACKOFF_MAX_MILLIS, BACKOFF_FIRST_MILLIS << Math.min(failures - 1, 16));
    }

    private void pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (senderLock) {
            long remaining;
            while (!closed && (remaining = deadline - System.currentTimeMillis()) > 0) {
                try {
                    senderLock.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void join(Thread thread) {
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
