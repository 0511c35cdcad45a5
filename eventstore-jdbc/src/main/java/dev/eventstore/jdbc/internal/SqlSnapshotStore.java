package dev.eventstore.jdbc.internal;

import dev.eventstore.StreamIds;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The snapshots table of either dialect: the latest snapshot per stream. */
public final class SqlSnapshotStore implements SnapshotStore {

    private final DataSource dataSource;
    private final String loadSql;
    private final String saveSql;
    private final String deleteSql;
    private final Timestamps timestamps;
    private final String where;

    /**
     * @param dataSource where the table is
     * @param table the table's name, qualified as the dialect needs
     * @param stateIn the parameter that receives the state: {@code ?} or {@code ?::jsonb}
     * @param stateOut the column that yields the state as text: {@code state} or {@code state::text}
     * @param timestamps how the dialect stores {@code taken_at}
     * @param where the database, for error messages
     */
    public SqlSnapshotStore(DataSource dataSource, String table, String stateIn, String stateOut,
            Timestamps timestamps, String where) {
        this.dataSource = dataSource;
        this.loadSql = "SELECT version, state_type, schema_version, " + stateOut + ", taken_at FROM " + table
                + " WHERE stream_id = ?";
        // Of two racing saves the higher version stays; a save at the same version replaces.
        this.saveSql = "INSERT INTO " + table + " (stream_id, version, state_type, schema_version, state, taken_at) "
                + "VALUES (?, ?, ?, ?, " + stateIn + ", ?) ON CONFLICT (stream_id) DO UPDATE SET "
                + "version = excluded.version, state_type = excluded.state_type, "
                + "schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at "
                + "WHERE " + table + ".version <= excluded.version";
        this.deleteSql = "DELETE FROM " + table + " WHERE stream_id = ?";
        this.timestamps = timestamps;
        this.where = where;
    }

    @Override
    public void save(Snapshot snapshot) {
        Args.notNull("snapshot", snapshot);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(saveSql)) {
            upsert.setString(1, snapshot.streamId());
            upsert.setLong(2, snapshot.version());
            upsert.setString(3, snapshot.stateType());
            upsert.setInt(4, snapshot.schemaVersion());
            upsert.setString(5, snapshot.state());
            timestamps.bind(upsert, 6, snapshot.takenAt());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw JdbcErrors.translate("save the snapshot of stream '" + snapshot.streamId() + "' in " + where, e);
        }
    }

    @Override
    public Optional<Snapshot> load(String streamId) {
        StreamIds.validate(streamId);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(loadSql)) {
            select.setString(1, streamId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(streamId, row.getLong(1), row.getString(2), row.getInt(3),
                        row.getString(4), timestamps.read(row, 5)));
            }
        } catch (SQLException e) {
            throw JdbcErrors.translate("load the snapshot of stream '" + streamId + "' from " + where, e);
        }
    }

    @Override
    public void delete(String streamId) {
        StreamIds.validate(streamId);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            delete.setString(1, streamId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw JdbcErrors.translate("delete the snapshot of stream '" + streamId + "' in " + where, e);
        }
    }
}
