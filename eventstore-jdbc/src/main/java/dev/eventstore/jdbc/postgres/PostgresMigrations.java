package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.internal.JdbcErrors;
import dev.eventstore.jdbc.internal.Migrations;
import dev.eventstore.jdbc.internal.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates a store's schema, safely when several processes start at once (under an
 * advisory lock), and keeps new positions above stored ones after a restore.
 */
final class PostgresMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMigrations.class);
    private static final List<String> MIGRATIONS = List.of("V1__events.sql", "V2__checkpoints_and_snapshots.sql",
            "V3__deadlines.sql", "V4__append_notifies.sql", "V5__stream_lifecycle.sql");

    private final DataSource dataSource;
    private final String schema;
    private final PostgresSql sql;
    private final List<String> migrations;

    PostgresMigrations(DataSource dataSource, String schema, PostgresSql sql) {
        this(dataSource, schema, sql, MIGRATIONS.size());
    }

    /** Applies only the first {@code upTo} migrations: what an earlier version of the library made. */
    PostgresMigrations(DataSource dataSource, String schema, PostgresSql sql, int upTo) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.sql = sql;
        this.migrations = MIGRATIONS.subList(0, upTo);
    }

    void migrate(String where) {
        int namespace = LockKeys.of("eventstore:migrations");
        int key = LockKeys.of(schema);
        List<SqlScripts.Script> scripts = SqlScripts.load(PostgresMigrations.class, migrations,
                Map.of("schema", sql.schema));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            advisoryLock(connection, sql.lockMigrations, namespace, key);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql.createSchema);
                }
                connection.setAutoCommit(false);
                try {
                    Migrations.applyPending(connection, sql.history, scripts, (c, script) -> {
                        try (Statement statement = c.createStatement()) {
                            statement.execute(script.sql());
                        }
                    }, where);
                    connection.commit();
                    raisePositionBaseIfBehind(connection, where);
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } finally {
                advisoryLock(connection, sql.unlockMigrations, namespace, key);
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate("migrate the event store schema in " + where, e);
        }
    }

    /**
     * After a restore into (or a move to) another cluster, the stored positions can be above the
     * positions new transaction ids would make; appends to existing streams would then fail and new
     * events would land below what readers have seen. Raise the offset added to transaction ids so
     * that new positions land above every stored one. Runs in the migration's session, with the
     * events table locked against appends while it decides.
     */
    private void raisePositionBaseIfBehind(Connection connection, String where) throws SQLException {
        if (positionsAhead(connection) < 0) {
            return;
        }
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql.lockEvents);
            }
            long ahead = positionsAhead(connection);
            if (ahead >= 0) {
                try (PreparedStatement raise = connection.prepareStatement(sql.raiseBase)) {
                    raise.setLong(1, ahead + 1);
                    raise.executeUpdate();
                }
                LOG.warn("The event log in {} holds positions made from transaction ids above this cluster's "
                        + "(restored or moved from another cluster?); new positions are raised by {} transaction "
                        + "ids to stay above them", where, ahead + 1);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private long positionsAhead(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql.positionsAhead)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void advisoryLock(Connection connection, String statementSql, int namespace, int key)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(statementSql)) {
            lock.setInt(1, namespace);
            lock.setInt(2, key);
            lock.execute();
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
