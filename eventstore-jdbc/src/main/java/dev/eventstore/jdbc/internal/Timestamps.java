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
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }

        @Override
        public Instant read(ResultSet row, int index) throws SQLException {
            return row.getObject(index, OffsetDateTime.class).toInstant();
        }
    };

    /** An integer of microseconds since the epoch. */
    Timestamps MICROS = new Timestamps() {
        @Override
        public void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
            statement.setLong(index, toMicros(instant));
        }

        @Override
        public Instant read(ResultSet row, int index) throws SQLException {
            return fromMicros(row.getLong(index));
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
     * @return the value
     * @throws SQLException if the driver fails
     */
    Instant read(ResultSet row, int index) throws SQLException;

    /**
     * @param instant any instant within the range of a long of microseconds
     * @return microseconds since the epoch, rounded down
     */
    static long toMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return TimeUnit.SECONDS.toMicros(truncated.getEpochSecond()) + truncated.getNano() / 1_000;
    }

    /**
     * @param micros microseconds since the epoch
     * @return the instant
     */
    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
