package dev.eventstore.reactor;

import dev.eventstore.internal.Args;
import java.time.Instant;

/**
 * A moment at which a {@link Reactor} is to act, unless cancelled before: "if no payment is
 * authorised for order 7 by 12:00:30, time the order out". Kept in a {@link DeadlineStore} beside the
 * events, so that it survives a restart; it fires once.
 *
 * @param owner the reactor the deadline belongs to: its name
 * @param key what the deadline is about, unique per owner, for example {@code payment-timeout:order-7};
 *     scheduling a deadline with a key already scheduled replaces it
 * @param dueAt when it is due
 * @param data what the reactor wants to know when it fires, as a JSON value; often {@code {}}
 */
public record Deadline(String owner, String key, Instant dueAt, String data) {

    /** The longest owner or key, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * @param owner the reactor the deadline belongs to
     * @param key what the deadline is about, unique per owner
     * @param dueAt when it is due
     * @param data what the reactor wants to know when it fires, as one JSON value
     * @throws IllegalArgumentException if a component is null, a name is blank, too long or holds
     *     control characters, or {@code data} is not one JSON value
     */
    public Deadline {
        Args.name("owner", owner, MAX_NAME_LENGTH);
        Args.name("key", key, MAX_NAME_LENGTH);
        Args.notNull("dueAt", dueAt);
        dev.eventstore.internal.Json.value("data", data);
    }

    /** @return a short description for logs, without the data */
    @Override
    public String toString() {
        return "Deadline[" + owner + "/" + key + " due at " + dueAt + "]";
    }
}
