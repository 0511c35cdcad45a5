package dev.eventstore.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/** How a dialect stores an instant: PostgreSQL as {@code timestamptz}, SQLite as microseconds. */
public interface Timestamps {

    /** {@code timestamptz}, through {@link OffsetDateTime}. */
    Timestamps POSTGRES = new Timestamps() {
        @Override
        public void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
            // Cut, not rounded by the server: a value read back equals the one written, to the microsecond.
            statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }

        @Override
        public Instant readNullable(ResultSet row, int index) throws SQLException {
            OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
    };

    /** An integer of microseconds since the epoch. */
    Timestamps MICROS = new Timestamps() {
        @Override
        public void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
            statement.setLong(index, toMicros(instant));
        }

        @Override
        public Instant readNullable(ResultSet row, int index) throws SQLException {
            long micros = row.getLong(index);
            return row.wasNull() ? null : fromMicros(micros);
        }
    };

    /**
     * @param statement the statement
     * @param index the parameter's index
     * @param instant the value, kept to the microsecond
     * @throws SQLException if the driver fails
     */
    void bind(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /**
     * @param row the row
     * @param index the column's index
     * @return the value, or null if the column is null
     * @throws SQLException if the driver fails
     */
    Instant readNullable(ResultSet row, int index) throws SQLException;

    /**
     * @param row the row
     * @param index the column's index, not null
     * @return the value
     * @throws SQLException if the driver fails, or the column is null
     */
    default Instant read(ResultSet row, int index) throws SQLException {
        Instant value = readNullable(row, index);
        if (value == null) {
            throw new SQLException("column " + index + " holds no time");
        }
        return value;
    }

    /**
     * @param instant any instant within the range of a long of microseconds
     * @return microseconds since the epoch, rounded down
     */
    public static long toMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return TimeUnit.SECONDS.toMicros(truncated.getEpochSecond()) + truncated.getNano() / 1_000;
    }

    /**
     * @param micros microseconds since the epoch
     * @return the instant
     */
    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
