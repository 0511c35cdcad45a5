package dev.eventstore.jdbc.internal;

import dev.eventstore.internal.Args;
import dev.eventstore.jdbc.JdbcCheckpointStore;
import dev.eventstore.projection.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/** The checkpoints table of either dialect; the SQL comes from the dialect. */
public final class SqlCheckpointStore implements JdbcCheckpointStore {

    private final DataSource dataSource;
    private final String loadSql;
    private final String lockSql;
    private final String createSql;
    private final String saveSql;
    private final Timestamps timestamps;
    private final Clock clock;
    private final String where;

    /**
     * @param dataSource where the table is
     * @param table the table's name, qualified as the dialect needs
     * @param forUpdate what makes a select lock its row: {@code " FOR UPDATE"}, or {@code ""} where the
     *     dialect's transactions already exclude each other
     * @param timestamps how the dialect stores {@code updated_at}
     * @param clock stamps {@code updated_at}
     * @param where the database, for error messages
     */
    public SqlCheckpointStore(DataSource dataSource, String table, String forUpdate, Timestamps timestamps, Clock clock,
            String where) {
        this.dataSource = dataSource;
        this.loadSql = "SELECT position FROM " + table + " WHERE name = ?";
        this.lockSql = loadSql + forUpdate;
        this.createSql = "INSERT INTO " + table + " (name, position, updated_at) VALUES (?, 0, ?) "
                + "ON CONFLICT (name) DO NOTHING";
        this.saveSql = "INSERT INTO " + table + " (name, position, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at";
        this.timestamps = timestamps;
        this.clock = clock;
        this.where = where;
    }

    @Override
    public long load(String name) {
        CheckpointStore.checkName(name);
        try (Connection connection = dataSource.getConnection()) {
            return load(connection, name);
        } catch (SQLException e) {
            throw JdbcErrors.translate("read checkpoint '" + name + "' in " + where, e);
        }
    }

    @Override
    public void save(String name, long position) {
        CheckpointStore.checkName(name);
        Args.atLeast("position", position, 0);
        try (Connection connection = dataSource.getConnection()) {
            save(connection, name, position);
        } catch (SQLException e) {
            throw JdbcErrors.translate("save checkpoint '" + name + "' in " + where, e);
        }
    }

    @Override
    public long load(Connection connection, String name) throws SQLException {
        CheckpointStore.checkName(name);
        Args.notNull("connection", connection);
        try (PreparedStatement select = connection.prepareStatement(loadSql)) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    @Override
    public long lock(Connection connection, String name) throws SQLException {
        CheckpointStore.checkName(name);
        Args.notNull("connection", connection);
        // A row to lock must exist; of two transactions creating it, the second waits and then finds it.
        try (PreparedStatement create = connection.prepareStatement(createSql)) {
            create.setString(1, name);
            timestamps.bind(create, 2, clock.instant());
            create.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(lockSql)) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    @Override
    public void save(Connection connection, String name, long position) throws SQLException {
        CheckpointStore.checkName(name);
        Args.atLeast("position", position, 0);
        Args.notNull("connection", connection);
        try (PreparedStatement upsert = connection.prepareStatement(saveSql)) {
            upsert.setString(1, name);
            upsert.setLong(2, position);
            timestamps.bind(upsert, 3, clock.instant());
            upsert.executeUpdate();
        }
    }
}
