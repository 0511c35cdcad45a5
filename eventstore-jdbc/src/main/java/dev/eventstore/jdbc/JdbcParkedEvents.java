package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.internal.ParkedSql;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parked events table of a {@link JdbcEventStore} ({@code parked_events}), created on first use.
 * Joined to a transaction of the store, {@link #stream} holds the stream's rows until the transaction
 * ends (PostgreSQL: {@code SELECT ... FOR UPDATE}; SQLite: a transaction holds the database's write
 * lock from its start), so that parking behind a stream and releasing it take turns.
 */
final class JdbcParkedEvents extends SideTable implements ParkedEventStore {

    /** The store's own instance, which remembers whether the table exists. */
    private final JdbcParkedEvents root;
    private volatile boolean created;

    JdbcParkedEvents(JdbcEventStore store) {
        super(store, null);
        this.root = this;
    }

    private JdbcParkedEvents(JdbcParkedEvents root, Transaction transaction) {
        super(root.store(), transaction);
        this.root = root;
    }

    @Override
    public void park(ParkedEvent event) {
        Args.notNull("event", event);
        String what = "park the event at position " + event.position() + " of " + event.consumer();
        store().dialect().checkWritable(what);
        write(what, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(parked().upsert())) {
                upsert.setString(1, event.consumer());
                upsert.setLong(2, event.position());
                upsert.setString(3, event.streamId());
                upsert.setString(4, event.eventType());
                if (event.error() == null) {
                    upsert.setNull(5, Types.VARCHAR);
                } else {
                    upsert.setString(5, event.error());
                }
                upsert.setInt(6, event.attempts());
                timestamps().bind(upsert, 7, event.parkedAt());
                upsert.setLong(8, event.waitingBehind());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public List<ParkedEvent> list(String consumer) {
        ParkedEventStore.checkConsumer(consumer);
        return write("read the parked events of " + consumer, connection -> {
            try (PreparedStatement select = connection.prepareStatement(parked().list())) {
                select.setString(1, consumer);
                return rows(consumer, select);
            }
        });
    }

    @Override
    public Optional<ParkedEvent> find(String consumer, long position) {
        ParkedEventStore.checkConsumer(consumer);
        return write("read the parked event at position " + position + " of " + consumer, connection -> {
            try (PreparedStatement select = connection.prepareStatement(parked().find())) {
                select.setString(1, consumer);
                select.setLong(2, position);
                return rows(consumer, select).stream().findFirst();
            }
        });
    }

    @Override
    public List<ParkedEvent> stream(String consumer, String streamId) {
        ParkedEventStore.checkConsumer(consumer);
        Args.notNull("streamId", streamId);
        return write("read the parked events of stream '" + streamId + "' of " + consumer, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    joined() ? parked().streamLock() : parked().streamLoad())) {
                select.setString(1, consumer);
                select.setString(2, streamId);
                return rows(consumer, select);
            }
        });
    }

    @Override
    public Set<String> streams(String consumer) {
        ParkedEventStore.checkConsumer(consumer);
        return write("read the parked streams of " + consumer, connection -> {
            try (PreparedStatement select = connection.prepareStatement(parked().streams())) {
                select.setString(1, consumer);
                Set<String> streams = new LinkedHashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        streams.add(rows.getString(1));
                    }
                }
                return streams;
            }
        });
    }

    @Override
    public boolean remove(String consumer, long position) {
        ParkedEventStore.checkConsumer(consumer);
        String what = "remove the parked event at position " + position + " of " + consumer;
        store().dialect().checkWritable(what);
        return write(what, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(parked().delete())) {
                delete.setString(1, consumer);
                delete.setLong(2, position);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the parked events in it; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public ParkedEventStore within(EventTransaction transaction) {
        Transaction joinable = joinable(transaction);
        return joinable == null ? this : new JdbcParkedEvents(root, joinable);
    }

    private ParkedSql parked() {
        return store().dialect().parked();
    }

    /** Runs statements once the table exists. */
    private <R> R write(String what, JdbcEventStore.ConnectionWork<R> work) {
        // A read replica cannot create the table: it replicates from the primary.
        if (!root.created && !store().dialect().readOnly()) {
            if (joined()) {
                // Inside the transaction: a connection of the pool would wait for the transaction's lock
                // (SQLite). If the transaction rolls back, so does the creation; the next call creates again.
                run("create the parked events table", connection -> create(connection));
            } else {
                synchronized (root) {
                    if (!root.created) {
                        createOwnTransaction();
                        root.created = true;
                    }
                }
            }
        }
        return run(what, work);
    }

    private void createOwnTransaction() {
        try {
            run("create the parked events table", connection -> create(connection));
        } catch (RuntimeException first) {
            // Two processes creating the table at once: PostgreSQL may fail the second on its catalog's
            // unique index even with IF NOT EXISTS. Once the first has committed, the second finds it.
            run("create the parked events table", connection -> create(connection));
        }
    }

    private Void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : parked().create()) {
                statement.execute(ddl);
            }
        }
        return null;
    }

    private List<ParkedEvent> rows(String consumer, PreparedStatement select) throws SQLException {
        List<ParkedEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(new ParkedEvent(consumer, rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getInt(5), timestamps().read(rows, 6), rows.getLong(7)));
            }
        }
        return events;
    }
}
