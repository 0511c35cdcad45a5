package dev.eventstore.jdbc;

import dev.eventstore.AppendResult;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.ScavengeResult;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamIds;
import dev.eventstore.jdbc.internal.Dialect;
import dev.eventstore.jdbc.internal.LifecycleSql;
import dev.eventstore.jdbc.internal.StreamStates;
import dev.eventstore.spi.StreamLifecycles;
import dev.eventstore.spi.StreamMarks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stream lifecycle of {@link JdbcEventStore} on either dialect: the statements come from the
 * dialect's {@link LifecycleSql}, the rules from {@link StreamLifecycles}.
 *
 * <p>A delete appends its marker with the dialect's append (on PostgreSQL the append function, which
 * takes the stream's lock and checks the stream's marks under it) and records the stream's new marks in
 * the same transaction, which holds the stream's lock until it commits: an append racing a tombstone
 * either commits before the marker or waits and then finds the tombstone. A scavenge removes in one
 * transaction that is not an appender's (on PostgreSQL it does not hold back readers of the log), then
 * compacts outside any transaction.
 */
final class JdbcLifecycle {

    private static final Instant YEAR_ONE = Instant.parse("0001-01-01T00:00:00Z");

    private final JdbcEventStore store;
    private final Dialect dialect;
    private final LifecycleSql sql;
    private final Clock clock;

    JdbcLifecycle(JdbcEventStore store, Dialect dialect, Clock clock) {
        this.store = store;
        this.dialect = dialect;
        this.sql = dialect.lifecycle();
        this.clock = clock;
    }

    AppendResult delete(String streamId, ExpectedVersion expectedVersion, boolean tombstone) {
        return store.inTransaction(tx -> {
            Connection connection = ((Transaction) tx).rawConnection();
            AppendResult marker = store.appendAndProject(connection, streamId, expectedVersion,
                    List.of(StreamLifecycles.marker(tombstone)), null);
            long markerVersion = marker.nextExpectedVersion();
            StreamMarks marks = StreamStates.marks(connection, sql, streamId);
            StreamStates.saveMarks(connection, sql, streamId,
                    tombstone ? marks.tombstonedAt(markerVersion) : marks.deletedAt(markerVersion));
            // A snapshot of the deleted stream would load state that its reads no longer show.
            try (PreparedStatement statement = connection.prepareStatement(dialect.tables().snapshotDelete())) {
                statement.setString(1, streamId);
                statement.executeUpdate();
            }
            return marker;
        });
    }

    long truncate(String streamId, long beforeVersion, boolean force) {
        String what = "truncate stream '" + streamId + "' in " + dialect.where();
        long last = store.read(what, c -> {
            if (StreamStates.marks(c, sql, streamId).tombstoned()) {
                throw new StreamDeletedException(streamId);
            }
            return StreamStates.lastVersion(c, sql, streamId);
        });
        dialect.checkWritable(what);
        StreamLifecycles.checkTruncate(store.snapshotStore(), streamId, beforeVersion, last, force);
        return inMaintenance(what, c -> {
            StreamMarks marks = StreamStates.marks(c, sql, streamId);
            if (marks.tombstoned()) {
                throw new StreamDeletedException(streamId);
            }
            StreamMarks truncated = marks.truncatedBefore(beforeVersion);
            StreamStates.saveMarks(c, sql, streamId, truncated);
            return truncated.visibleFrom();
        });
    }

    void setRetention(String category, RetentionPolicy policy) {
        StreamIds.validateCategory(category);
        Long ageMicros = policy == null || policy.maxAge() == null ? null : ageMicros(policy.maxAge());
        inMaintenance("set the retention of category '" + category + "' in " + dialect.where(), c -> {
            if (policy == null) {
                try (PreparedStatement statement = c.prepareStatement(sql.retentionDelete())) {
                    statement.setString(1, category);
                    statement.executeUpdate();
                }
                return null;
            }
            try (PreparedStatement statement = c.prepareStatement(sql.retentionSave())) {
                statement.setString(1, category);
                if (ageMicros == null) {
                    statement.setNull(2, Types.BIGINT);
                } else {
                    statement.setLong(2, ageMicros);
                }
                statement.setLong(3, policy.maxCount());
                statement.executeUpdate();
            }
            return null;
        });
    }

    /**
     * @return the age in the whole microseconds the retention table holds
     * @throws IllegalArgumentException if the age is below 1 microsecond (it would read back as no age,
     *     which no policy may be) or too long for the table's microseconds
     */
    private static long ageMicros(Duration maxAge) {
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(maxAge.getSeconds(), 1_000_000L), maxAge.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("maxAge is too long for the store (whole microseconds in a "
                    + "64-bit number), was: " + maxAge, e);
        }
        if (micros < 1) {
            throw new IllegalArgumentException("maxAge must be at least 1 microsecond on this store, was: " + maxAge);
        }
        return micros;
    }

    Optional<RetentionPolicy> retention(String category) {
        StreamIds.validateCategory(category);
        return store.read("read the retention of category '" + category + "' in " + dialect.where(), c -> {
            try (PreparedStatement statement = c.prepareStatement(sql.retentionLoad())) {
                statement.setString(1, category);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(policy(row, 1)) : Optional.<RetentionPolicy>empty();
                }
            }
        });
    }

    private static RetentionPolicy policy(ResultSet row, int first) throws SQLException {
        long ageMicros = row.getLong(first);
        Duration maxAge = row.wasNull() ? null : Duration.of(ageMicros, java.time.temporal.ChronoUnit.MICROS);
        return new RetentionPolicy(maxAge, row.getLong(first + 1));
    }

    ScavengeResult scavenge(boolean compact) {
        String what = "scavenge " + dialect.where();
        dialect.checkWritable(what);
        long started = System.nanoTime();
        long before = store.read(what, this::storageBytes);
        long removed = inMaintenance(what, c -> {
            Map<String, RetentionPolicy> policies = new TreeMap<>();
            try (Statement statement = c.createStatement();
                    ResultSet rows = statement.executeQuery(sql.retentionList())) {
                while (rows.next()) {
                    policies.put(rows.getString(1), policy(rows, 2));
                }
            }
            Instant now = clock.instant();
            for (Map.Entry<String, RetentionPolicy> entry : policies.entrySet()) {
                RetentionPolicy policy = entry.getValue();
                if (policy.maxCount() > 0) {
                    try (PreparedStatement statement = c.prepareStatement(sql.retainCount())) {
                        statement.setLong(1, policy.maxCount());
                        statement.setString(2, entry.getKey());
                        statement.executeUpdate();
                    }
                }
                Optional<Instant> cutoff = StreamLifecycles.expiredBefore(policy, now);
                // An age reaching before the year 1 expires nothing, and PostgreSQL's timestamps end at 4713 BC.
                if (cutoff.isPresent() && !cutoff.get().isBefore(YEAR_ONE)) {
                    try (PreparedStatement statement = c.prepareStatement(sql.retainAge())) {
                        statement.setString(1, entry.getKey());
                        dialect.timestamps().bind(statement, 2, cutoff.get());
                        statement.executeUpdate();
                    }
                }
            }
            long count = 0;
            for (String remove : sql.remove()) {
                try (Statement statement = c.createStatement()) {
                    count = statement.executeUpdate(remove);
                }
            }
            return count;
        });
        store.read(what, c -> {
            for (String statement : compact ? sql.compactFully() : sql.compact()) {
                try (Statement run = c.createStatement()) {
                    run.execute(statement);
                }
            }
            return null;
        });
        long after = store.read(what, this::storageBytes);
        return new ScavengeResult(removed, before, after, Duration.ofNanos(System.nanoTime() - started));
    }

    private long storageBytes(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql.storageBytes())) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Runs work in a transaction of {@link Dialect#beginMaintenance()}: on SQLite it queues with the
     * appends for the single writer; on PostgreSQL it is not an appender's, so readers of the log do
     * not wait for it.
     */
    private <T> T inMaintenance(String what, JdbcEventStore.ConnectionWork<T> work) {
        dialect.checkWritable(what);
        Connection connection;
        try {
            connection = dialect.beginMaintenance();
        } catch (SQLException e) {
            throw dialect.translate(what, e);
        }
        try {
            T result = work.run(connection);
            dialect.commit(connection);
            return result;
        } catch (SQLException e) {
            rollback(connection, e);
            throw dialect.translate(what, e);
        } catch (RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            dialect.release(connection);
        }
    }

    private void rollback(Connection connection, Throwable failure) {
        try {
            dialect.rollback(connection);
        } catch (SQLException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
