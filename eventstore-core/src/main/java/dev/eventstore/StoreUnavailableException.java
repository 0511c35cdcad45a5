package dev.eventstore;

/**
 * The store cannot be reached right now: its database connection is lost, the server is shutting
 * down or not accepting connections. Nothing was done; the same call may succeed once the store is
 * back. Subscriptions, projection runners and reactors whose handler fails this way keep retrying,
 * with back-off and a line in the log, however long the outage lasts, rather than stop.
 */
public class StoreUnavailableException extends EventStoreException {

    /**
     * @param message what failed, with the values involved
     * @param cause the driver's error
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param failure an error, possibly wrapping others
     * @return true if {@code failure} or one of its causes is a {@code StoreUnavailableException}
     */
    public static boolean isIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
