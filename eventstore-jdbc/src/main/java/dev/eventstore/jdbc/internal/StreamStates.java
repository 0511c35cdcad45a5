package dev.eventstore.jdbc.internal;

import dev.eventstore.spi.Imports;
import dev.eventstore.spi.StreamMarks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads and writes a stream's lifecycle marks with a dialect's {@link LifecycleSql}. Not API. */
public final class StreamStates {

    private StreamStates() {
    }

    /**
     * @param connection the connection
     * @param sql the dialect's statements
     * @param streamId the stream
     * @return its marks; {@link StreamMarks#NONE} if it has none
     * @throws SQLException if the database fails
     */
    public static StreamMarks marks(Connection connection, LifecycleSql sql, String streamId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.marks())) {
            statement.setString(1, streamId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new StreamMarks(row.getLong(1), row.getLong(2), row.getBoolean(3))
                        : StreamMarks.NONE;
            }
        }
    }

    /**
     * @param connection the connection
     * @param sql the dialect's statements
     * @param streamId the stream
     * @param marks its new marks
     * @throws SQLException if the database fails
     */
    public static void saveMarks(Connection connection, LifecycleSql sql, String streamId, StreamMarks marks)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.saveMarks())) {
            statement.setString(1, streamId);
            statement.setLong(2, marks.visibleFrom());
            statement.setLong(3, marks.deletedVersion());
            statement.setBoolean(4, marks.tombstoned());
            statement.executeUpdate();
        }
    }

    /**
     * @param connection the connection
     * @param sql the dialect's statements
     * @param streamId the stream
     * @return the version of its last recorded event, deleted or not; 0 if it has none
     * @throws SQLException if the database fails
     */
    public static long lastVersion(Connection connection, LifecycleSql sql, String streamId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.lastVersion())) {
            statement.setString(1, streamId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * The version readers see, read in one statement: 0 while the stream reads as not found.
     *
     * @param connection the connection
     * @param sql the dialect's statements
     * @param streamId the stream
     * @return its visible version
     * @throws SQLException if the database fails
     */
    public static long visibleVersion(Connection connection, LifecycleSql sql, String streamId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.streamState())) {
            statement.setString(1, streamId);
            statement.setString(2, streamId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                long last = row.getLong(1);
                long deleted = row.getLong(2);
                if (row.wasNull()) {
                    return last;
                }
                return new StreamMarks(1, deleted, row.getBoolean(3)).visibleVersion(last);
            }
        }
    }

    /**
     * @param connection the connection of an import's transaction
     * @param sql the dialect's statements
     * @return the streams as {@link Imports#check} reads them, on that connection
     */
    public static Imports.Streams imported(Connection connection, LifecycleSql sql) {
        return new Imports.Streams() {
            @Override
            public long lastVersion(String streamId) throws SQLException {
                return StreamStates.lastVersion(connection, sql, streamId);
            }

            @Override
            public StreamMarks marks(String streamId) throws SQLException {
                return StreamStates.marks(connection, sql, streamId);
            }
        };
    }
}
