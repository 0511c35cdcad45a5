package dev.eventstore;

/**
 * An operation lost a race with a concurrent transaction, and the database refused it rather than
 * give a wrong answer: a serialization failure, or a deadlock it broke. Nothing of the operation was
 * written; doing it again (a new transaction, reading afresh) may well succeed.
 * {@link dev.eventstore.aggregate.CommandHandler} retries it as it retries a wrong expected version.
 */
public class ConcurrencyConflictException extends EventStoreException {

    /**
     * @param message what conflicted, with the values involved
     * @param cause the database's error
     */
    public ConcurrencyConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
