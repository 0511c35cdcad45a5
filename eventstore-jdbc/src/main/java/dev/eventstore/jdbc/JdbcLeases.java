package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.LeaseSql;
import dev.eventstore.reactor.LeaseStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The lease tables of a {@link JdbcEventStore}'s consumer groups ({@code group_members},
 * {@code group_leases}), created the first time the store's {@link JdbcEventStore#leaseStore()} is
 * asked for. Joined to a transaction of the store, {@link #holds} holds the lease until the
 * transaction ends: on PostgreSQL its row is locked for share, so a member taking the partition (an
 * update of that row) waits for the transaction; on SQLite the transaction holds the write lock.
 */
final class JdbcLeases extends SideTable implements LeaseStore {

    private final LeaseSql sql;

    JdbcLeases(JdbcEventStore store, LeaseSql sql) {
        this(store, null, sql);
    }

    private JdbcLeases(JdbcEventStore store, Transaction transaction, LeaseSql sql) {
        super(store, transaction);
        this.sql = sql;
    }

    /**
     * Creates the tables if missing, in a transaction of their own. Two processes creating them at once
     * on PostgreSQL may collide in its catalog; the loser finds them there when it tries again.
     */
    void create() {
        for (int attempt = 1;; attempt++) {
            try {
                store().inTransaction(tx -> {
                    try (Statement statement = ((Transaction) tx).rawConnection().createStatement()) {
                        for (String create : sql.create()) {
                            statement.execute(create);
                        }
                    }
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException cause)
                        || !(JdbcErrors.UNIQUE_VIOLATION.equals(cause.getSQLState())
                                || "42P07".equals(cause.getSQLState()))) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void heartbeat(String group, String member, Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        Args.notNull("expiresAt", expiresAt);
        run("record the heartbeat of member " + member + " of group '" + group + "'", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql.memberBeat())) {
                upsert.setString(1, group);
                upsert.setString(2, member);
                upsert.setLong(3, expiresAt.toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public List<String> members(String group, Instant now) {
        LeaseStore.checkName("group", group);
        Args.notNull("now", now);
        return run("read the members of group '" + group + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.members())) {
                select.setString(1, group);
                select.setLong(2, now.toEpochMilli());
                List<String> alive = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        alive.add(rows.getString(1));
                    }
                }
                return alive;
            }
        });
    }

    @Override
    public void leave(String group, String member) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        run("remove member " + member + " of group '" + group + "'", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql.memberLeave())) {
                delete.setString(1, group);
                delete.setString(2, member);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<Lease> leases(String group) {
        LeaseStore.checkName("group", group);
        return run("read the leases of group '" + group + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.leasesAll())) {
                select.setString(1, group);
                List<Lease> leases = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        leases.add(new Lease(group, rows.getInt(1), rows.getString(2), rows.getLong(3),
                                Instant.ofEpochMilli(rows.getLong(4))));
                    }
                }
                return leases;
            }
        });
    }

    @Override
    public OptionalLong acquire(String group, int partition, String member, Instant now, Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkPartition(partition);
        LeaseStore.checkName("member", member);
        Args.notNull("now", now);
        Args.notNull("expiresAt", expiresAt);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt must be after now (" + now + "), was: " + expiresAt);
        }
        return run("take partition " + partition + " of group '" + group + "' for member " + member, connection -> {
            try (PreparedStatement create = connection.prepareStatement(sql.leaseCreate())) {
                create.setString(1, group);
                create.setInt(2, partition);
                create.executeUpdate();
            }
            try (PreparedStatement take = connection.prepareStatement(sql.leaseTake())) {
                take.setString(1, member);
                take.setLong(2, expiresAt.toEpochMilli());
                take.setString(3, group);
                take.setInt(4, partition);
                take.setLong(5, now.toEpochMilli());
                if (take.executeUpdate() == 0) {
                    return OptionalLong.empty();
                }
            }
            try (PreparedStatement select = connection.prepareStatement(sql.leaseEpoch())) {
                select.setString(1, group);
                select.setInt(2, partition);
                select.setString(3, member);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public Map<Integer, Long> renew(String group, String member, Instant expiresAt) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkName("member", member);
        Args.notNull("expiresAt", expiresAt);
        return run("renew the leases of member " + member + " of group '" + group + "'", connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql.leaseRenew())) {
                update.setLong(1, expiresAt.toEpochMilli());
                update.setString(2, group);
                update.setString(3, member);
                update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(sql.leasesHeld())) {
                select.setString(1, group);
                select.setString(2, member);
                Map<Integer, Long> held = new TreeMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        held.put(rows.getInt(1), rows.getLong(2));
                    }
                }
                return held;
            }
        });
    }

    @Override
    public void release(String group, int partition, String member, long epoch) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkPartition(partition);
        LeaseStore.checkName("member", member);
        run("release partition " + partition + " of group '" + group + "'", connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql.leaseRelease())) {
                update.setString(1, group);
                update.setInt(2, partition);
                update.setString(3, member);
                update.setLong(4, epoch);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean holds(String group, int partition, String member, long epoch) {
        LeaseStore.checkName("group", group);
        LeaseStore.checkPartition(partition);
        LeaseStore.checkName("member", member);
        return run("check the lease of partition " + partition + " of group '" + group + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.leaseHolds())) {
                select.setString(1, group);
                select.setInt(2, partition);
                select.setString(3, member);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getLong(1) == epoch;
                }
            }
        });
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the leases in it ({@link #holds} holds the lease); for
     *     any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public LeaseStore within(EventTransaction transaction) {
        Transaction joinable = joinable(transaction);
        return joinable == null ? this : new JdbcLeases(store(), joinable, sql);
    }
}
