package dev.eventstore.jdbc.internal;

import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.EventStoreException;
import dev.eventstore.StoreUnavailableException;
import java.sql.SQLException;

/** Turns driver exceptions into the library's, keeping the driver's as the cause. */
public final class JdbcErrors {

    /** SQLSTATE of a unique-constraint violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE of a serialization failure: the transaction may succeed if retried. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** SQLSTATE of a detected deadlock: the transaction may succeed if retried. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** SQLSTATE of a full disk on the database server. */
    public static final String DISK_FULL = "53100";

    private JdbcErrors() {
    }

    /**
     * @param what what the store was doing, for example {@code append to stream 'account-1'}
     * @param e the driver's exception
     * @return an exception saying what failed and why, with {@code e} as its cause: a
     *     {@link ConcurrencyConflictException} for a serialization failure or a deadlock, a
     *     {@link StoreUnavailableException} for a lost connection or a server that is not available
     */
    public static EventStoreException translate(String what, SQLException e) {
        StringBuilder message = new StringBuilder("Could not ").append(what);
        if (isConnectionLoss(e)) {
            message.append(": the database connection is lost or unavailable");
        } else if (isRetryable(e)) {
            message.append(": a concurrent transaction conflicted; retrying may succeed");
        }
        message.append(" (");
        if (e.getSQLState() != null) {
            message.append("SQLSTATE ").append(e.getSQLState()).append(": ");
        }
        message.append(e.getMessage()).append(')');
        if (isRetryable(e)) {
            return new ConcurrencyConflictException(message.toString(), e);
        }
        return isConnectionLoss(e) ? new StoreUnavailableException(message.toString(), e)
                : new EventStoreException(message.toString(), e);
    }

    /**
     * @param e a driver exception
     * @return true if it says the connection is broken or the server is unreachable or shutting down
     */
    public static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // Class 08: connection exceptions; 57P01-57P03: administrator shutdown or termination,
                // crash shutdown, cannot connect now.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e a driver exception
     * @return true for a serialization failure or a deadlock: the transaction may succeed if retried
     */
    public static boolean isRetryable(SQLException e) {
        return SERIALIZATION_FAILURE.equals(e.getSQLState()) || DEADLOCK_DETECTED.equals(e.getSQLState());
    }
}
