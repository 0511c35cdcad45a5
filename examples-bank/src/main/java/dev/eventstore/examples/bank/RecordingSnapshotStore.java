package dev.eventstore.examples.bank;

import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The store's snapshot table, plus a log of every snapshot taken. A snapshot store keeps only the
 * latest snapshot of a stream; the log is what lets an account's history show where each snapshot
 * was taken. Inside a transaction ({@link #within}) both writes join it.
 */
final class RecordingSnapshotStore implements SnapshotStore {

    private final JdbcEventStore store;
    private final SnapshotStore snapshots;
    private final BankTables tables;
    /** The transaction both writes join; null to write in one of their own. */
    private final JdbcTransaction transaction;

    RecordingSnapshotStore(JdbcEventStore store, BankTables tables) {
        this(store, store.snapshotStore(), tables, null);
    }

    private RecordingSnapshotStore(JdbcEventStore store, SnapshotStore snapshots, BankTables tables,
            JdbcTransaction transaction) {
        this.store = store;
        this.snapshots = snapshots;
        this.tables = tables;
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
        try {
            BankTables.update(transaction.connection(), tables.insertSnapshotLog, snapshot.streamId(),
                    snapshot.version(), snapshot.takenAt().toString());
        } catch (SQLException e) {
            throw new EventStoreException("Could not log the snapshot of " + snapshot.streamId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SnapshotStore within(EventTransaction tx) {
        return tx instanceof JdbcTransaction jdbc
                ? new RecordingSnapshotStore(store, store.snapshotStore().within(tx), tables, jdbc) : this;
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
     * @return when each snapshot of it was taken, by the version it holds the state of
     * @throws EventStoreException if the log cannot be read
     */
    Map<Long, Instant> taken(String streamId) {
        return tables.read("read the snapshot log of " + streamId, connection -> BankTables.select(connection,
                tables.selectSnapshotLog, row -> Map.entry(row.getLong(1), Instant.parse(row.getString(2))), streamId))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
