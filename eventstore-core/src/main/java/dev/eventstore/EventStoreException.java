package dev.eventstore;

/**
 * The root of the library's exceptions: something the store could not do. When a database or driver
 * error is the reason, it is kept as the {@link #getCause() cause}.
 *
 * <p>Bad arguments are not reported with this type but with {@link IllegalArgumentException}, whose
 * message names the argument and its value.
 */
public class EventStoreException extends RuntimeException {

    /**
     * @param message what failed, with the values involved
     */
    public EventStoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the values involved
     * @param cause the underlying error, typically an {@link java.sql.SQLException}
     */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
