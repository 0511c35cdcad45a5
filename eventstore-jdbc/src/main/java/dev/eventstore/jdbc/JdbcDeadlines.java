package dev.eventstore.jdbc;

import dev.eventstore.EventTransaction;
import dev.eventstore.internal.Args;
import dev.eventstore.reactor.Deadline;
import dev.eventstore.reactor.DeadlineStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deadlines table of a {@link JdbcEventStore}. Times are kept to the microsecond: a deadline
 * reads back with its due time cut to microseconds, and is claimed with that time.
 */
final class JdbcDeadlines extends SideTable implements DeadlineStore {

    JdbcDeadlines(JdbcEventStore store) {
        super(store, null);
    }

    private JdbcDeadlines(JdbcEventStore store, Transaction transaction) {
        super(store, transaction);
    }

    @Override
    public void schedule(Deadline deadline) {
        Args.notNull("deadline", deadline);
        run("schedule " + deadline, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql().deadlineSchedule())) {
                upsert.setString(1, deadline.owner());
                upsert.setString(2, deadline.key());
                timestamps().bind(upsert, 3, deadline.dueAt());
                upsert.setString(4, deadline.data());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public boolean cancel(String owner, String key) {
        checkNames(owner, key);
        return run("cancel deadline '" + key + "' of " + owner, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql().deadlineCancel())) {
                delete.setString(1, owner);
                delete.setString(2, key);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Deadline> find(String owner, String key) {
        checkNames(owner, key);
        return run("read deadline '" + key + "' of " + owner, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql().deadlineFind())) {
                select.setString(1, owner);
                select.setString(2, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Deadline(owner, key, timestamps().read(row, 1),
                            row.getString(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Deadline> due(String owner, Instant now, int limit) {
        Args.name("owner", owner, Deadline.MAX_NAME_LENGTH);
        Args.notNull("now", now);
        Args.atLeast("limit", limit, 1);
        return run("read the due deadlines of " + owner, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql().deadlineDue())) {
                select.setString(1, owner);
                timestamps().bind(select, 2, now);
                select.setInt(3, limit);
                List<Deadline> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Deadline(owner, rows.getString(1), timestamps().read(rows, 2), rows.getString(3)));
                    }
                }
                return due;
            }
        });
    }

    @Override
    public Optional<Instant> nextDue(String owner) {
        Args.name("owner", owner, Deadline.MAX_NAME_LENGTH);
        return run("read the next deadline of " + owner, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql().deadlineNext())) {
                select.setString(1, owner);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(timestamps().readNullable(row, 1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean claim(Deadline deadline) {
        Args.notNull("deadline", deadline);
        return run("claim " + deadline, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql().deadlineClaim())) {
                delete.setString(1, deadline.owner());
                delete.setString(2, deadline.key());
                timestamps().bind(delete, 3, deadline.dueAt());
                return delete.executeUpdate() > 0;
            }
        });
    }

    /**
     * @param transaction an open transaction
     * @return for a transaction of this store, the deadlines in it; for any other, this store
     * @throws IllegalArgumentException if {@code transaction} is null
     */
    @Override
    public DeadlineStore within(EventTransaction transaction) {
        Transaction joinable = joinable(transaction);
        return joinable == null ? this : new JdbcDeadlines(store(), joinable);
    }

    private static void checkNames(String owner, String key) {
        Args.name("owner", owner, Deadline.MAX_NAME_LENGTH);
        Args.name("key", key, Deadline.MAX_NAME_LENGTH);
    }
}
