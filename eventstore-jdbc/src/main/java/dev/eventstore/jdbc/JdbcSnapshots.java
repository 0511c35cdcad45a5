package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.StreamIds;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** The snapshots table of a {@link JdbcEventStore}: the latest snapshot per stream. */
final class JdbcSnapshots extends SideTable implements SnapshotStore {

    JdbcSnapshots(JdbcEventStore store) {
        super(store, null);
    }

    private JdbcSnapshots(JdbcEventStore store, Transaction transaction) {
        super(store, transaction);
    }

    @Override
    public void save(Snapshot snapshot) {
        Args.notNull("snapshot", snapshot);
        run("save the snapshot of stream '" + snapshot.streamId() + "'", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql().snapshotSave())) {
                upsert.setString(1, snapshot.streamId());
                upsert.setLong(2, snapshot.version());
                upsert.setString(3, snapshot.stateType());
                upsert.setInt(4, snapshot.schemaVersion());
                upsert.setString(5, snapshot.state());
                timestamps().bind(upsert, 6, snapshot.takenAt());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Snapshot> load(String streamId) {
        StreamIds.validate(streamId);
        return run("load the snapshot of stream '" + streamId + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql().snapshotLoad())) {
                select.setString(1, streamId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Snapshot(streamId, row.getLong(1), row.getString(2), row.getInt(3),
                            row.getString(4), timestamps().read(row, 5)));
                }
            }
        });
    }

    @Override
    public void delete(String streamId) {
        StreamIds.validate(streamId);
        run("delete the snapshot of stream '" + streamId + "'", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql().snapshotDelete())) {
                delete.setString(1, streamId);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the snapshots in it; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public SnapshotStore within(EventTransaction transaction) {
        Transaction joinable = joinable(transaction);
        return joinable == null ? this : new JdbcSnapshots(store(), joinable);
    }
}
