package dev.eventstore.examples.bank;

import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's snapshot table, plus a log of every snapshot taken. A snapshot store keeps only the
 * latest snapshot of a stream; the log is what lets an account's history show where each snapshot
 * was taken. Inside a transaction ({@link #within}) both writes join it.
 */
final class RecordingSnapshotStore implements SnapshotStore {

    /**
     * A snapshot that was taken.
     *
     * @param version the stream version it holds the state of
     * @param takenAt when
     */
    record Taken(long version, Instant takenAt) {
    }

    private final JdbcEventStore store;
    private final SnapshotStore snapshots;
    private final BankSql sql;
    /** The transaction both writes join; null to write in one of their own. */
    private final JdbcTransaction transaction;

    RecordingSnapshotStore(JdbcEventStore store, BankSql sql) {
        this(store, store.snapshotStore(), sql, null);
    }

    private RecordingSnapshotStore(JdbcEventStore store, SnapshotStore snapshots, BankSql sql,
            JdbcTransaction transaction) {
        this.store = store;
        this.snapshots = snapshots;
        this.sql = sql;
        this.transaction = transaction;
    }

    @Override
    public void save(Snapshot snapshot) {
        if (transaction == null) {
            store.inTransaction(tx -> {
                within(tx).save(snapshot);
                return null;
            });
            return;
        }
        snapshots.save(snapshot);
        try (PreparedStatement insert = transaction.connection().prepareStatement(sql.insertSnapshotLog)) {
            insert.setString(1, snapshot.streamId());
            insert.setLong(2, snapshot.version());
            insert.setString(3, snapshot.takenAt().toString());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("Could not log the snapshot of " + snapshot.streamId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SnapshotStore within(EventTransaction tx) {
        return tx instanceof JdbcTransaction jdbc
                ? new RecordingSnapshotStore(store, store.snapshotStore().within(tx), sql, jdbc) : this;
    }

    @Override
    public Optional<Snapshot> load(String streamId) {
        return snapshots.load(streamId);
    }

    @Override
    public void delete(String streamId) {
        snapshots.delete(streamId);
    }

    /**
     * @param streamId a stream
     * @return the snapshots taken of it, by version
     */
    List<Taken> taken(String streamId) {
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql.selectSnapshotLog)) {
            select.setString(1, streamId);
            List<Taken> taken = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    taken.add(new Taken(rows.getLong(1), Instant.parse(rows.getString(2))));
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new EventStoreException("Could not read the snapshot log of " + streamId + ": " + e.getMessage(), e);
        }
    }
}
