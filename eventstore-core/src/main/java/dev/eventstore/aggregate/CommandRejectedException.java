package dev.eventstore.aggregate;

import dev.eventstore.internal.Args;

/**
 * A {@link Decider} refused a command: a business rule, not a failure of the store. Thrown by the
 * decider; the {@link CommandHandler} appends nothing and rethrows it unchanged, so the caller sees
 * the decider's reason. Deliberately not an {@link dev.eventstore.EventStoreException}: callers that
 * treat those as infrastructure faults must not retry a rejection.
 */
public class CommandRejectedException extends RuntimeException {

    /** Why the command was refused. */
    private final String reason;

    /**
     * @param reason why the command is refused, in words a user may read
     * @throws IllegalArgumentException if {@code reason} is null or blank
     */
    public CommandRejectedException(String reason) {
        super(checked(reason));
        this.reason = reason;
    }

    /** @return why the command was refused */
    public String reason() {
        return reason;
    }

    private static String checked(String reason) {
        Args.notNull("reason", reason);
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank, was: " + Args.quote(reason));
        }
        return reason;
    }
}
