package dev.eventstore.reactor;

import dev.eventstore.internal.Args;
import java.time.Instant;

/**
 * An event a consumer set aside: either a poison event (its reaction kept failing) or a later event
 * of the same stream that waits behind one, unhandled, so that the stream's order holds.
 *
 * @param consumer the name of the consumer that parked it (a {@link Reactor}'s {@linkplain Reactor#name() name})
 * @param position the event's position in the log (or in the reactor's feed)
 * @param streamId the event's stream
 * @param eventType the event's type
 * @param error the last error of its reaction (class and message), or null for an event that waits and
 *     was never tried
 * @param attempts how many times its reaction was tried and failed; 0 for an event that waits
 * @param parkedAt when it was parked, or when its last retry failed
 * @param waitingBehind 0 for the event that failed (the stream's head); for an event that waits, the
 *     position of the parked event it waits behind
 */
public record ParkedEvent(String consumer, long position, String streamId, String eventType, String error,
        int attempts, Instant parkedAt, long waitingBehind) {

    /** The longest error kept; longer ones are cut. */
    public static final int MAX_ERROR_LENGTH = 2000;

    /**
     * @param consumer the consumer that parked it
     * @param position the event's position
     * @param streamId the event's stream
     * @param eventType the event's type
     * @param error the last error, or null; cut to {@value #MAX_ERROR_LENGTH} characters
     * @param attempts how many times it failed
     * @param parkedAt when it was parked, or last failed
     * @param waitingBehind 0, or the position of the parked event it waits behind
     * @throws IllegalArgumentException if a component is null (but {@code error}), the consumer's name
     *     invalid, the position below 1, a count negative, or {@code waitingBehind} not below the position
     */
    public ParkedEvent {
        Args.name("consumer", consumer, 200);
        Args.atLeast("position", position, 1);
        Args.notNull("streamId", streamId);
        Args.notNull("eventType", eventType);
        Args.notNull("parkedAt", parkedAt);
        Args.atLeast("attempts", attempts, 0);
        Args.atLeast("waitingBehind", waitingBehind, 0);
        if (waitingBehind >= position) {
            throw new IllegalArgumentException("waitingBehind must be below the position " + position + ", was: "
                    + waitingBehind);
        }
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
    }

    /** @return true if this is the event that failed, first of its stream; false if it waits behind one */
    public boolean isHead() {
        return waitingBehind == 0;
    }
}
