package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

/**
 * The checkpoints table of a {@link JdbcEventStore}. Joined to a transaction of the store, a load
 * holds the checkpoint's row until the transaction ends: two processes that move the same checkpoint
 * (two runners of one projection or reactor) take turns, and the second sees how far the first got.
 */
final class JdbcCheckpoints extends SideTable implements CheckpointStore {

    private final Clock clock;

    JdbcCheckpoints(JdbcEventStore store, Clock clock) {
        this(store, null, clock);
    }

    private JdbcCheckpoints(JdbcEventStore store, Transaction transaction, Clock clock) {
        super(store, transaction);
        this.clock = clock;
    }

    @Override
    public long load(String name) {
        CheckpointStore.checkName(name);
        return run("read checkpoint '" + name + "'", connection -> {
            if (joined()) {
                // A row to lock must exist; of two transactions creating it, the second waits and then
                // finds it.
                try (PreparedStatement create = connection.prepareStatement(sql().checkpointCreate())) {
                    create.setString(1, name);
                    timestamps().bind(create, 2, clock.instant());
                    create.executeUpdate();
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    joined() ? sql().checkpointLock() : sql().checkpointLoad())) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void save(String name, long position) {
        CheckpointStore.checkName(name);
        Args.atLeast("position", position, 0);
        run("save checkpoint '" + name + "'", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql().checkpointSave())) {
                upsert.setString(1, name);
                upsert.setLong(2, position);
                timestamps().bind(upsert, 3, clock.instant());
                return upsert.executeUpdate();
            }
        });
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the checkpoints in it (loads hold the row); for any
     *     other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public CheckpointStore within(EventTransaction transaction) {
        Transaction joinable = joinable(transaction);
        return joinable == null ? this : new JdbcCheckpoints(store(), joinable, clock);
    }
}
