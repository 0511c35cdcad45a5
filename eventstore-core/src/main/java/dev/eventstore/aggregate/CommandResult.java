package dev.eventstore.aggregate;

import dev.eventstore.EventData;
import dev.eventstore.StreamIds;
import dev.eventstore.internal.Args;
import java.util.List;

/**
 * What {@link CommandHandler#handle} did: the events it appended and the state and version after them.
 *
 * @param streamId the stream
 * @param events the new events, as the decider returned them; empty if the decision was empty
 * @param appended the same events as appended (ids, type names, metadata, tags); empty if none
 * @param state the state after the new events
 * @param version the stream's version after the new events: the expected version for a next append;
 *     the current version if nothing was appended
 * @param lastPosition the global position of the last event appended; 0 if nothing was appended
 * @param attempts how many times the command was decided: 1, plus one per conflict with a concurrent
 *     writer
 * @param alreadyHandled true if the command carried a command id that had been handled before this
 *     call looked: nothing was appended, and the other components describe that first handling (its
 *     events, the state and version right after them). False for a copy that raced the first handling
 *     into the store: it too appended nothing new, and describes that one booking.
 * @param <S> the state
 * @param <E> the events
 */
public record CommandResult<S, E>(String streamId, List<E> events, List<EventData> appended, S state, long version,
        long lastPosition, int attempts, boolean alreadyHandled) {

    /**
     * @param streamId the stream
     * @param events the new events, as the decider returned them
     * @param appended the same events as appended
     * @param state the state after the new events
     * @param version the stream's version after the new events
     * @param lastPosition the global position of the last event appended; 0 if nothing was appended
     * @param attempts how many times the command was decided, from 1
     * @param alreadyHandled true if a command id showed the command handled before
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public CommandResult {
        StreamIds.validate(streamId);
        events = List.copyOf(Args.noNulls("events", events));
        appended = List.copyOf(Args.noNulls("appended", appended));
        Args.atLeast("version", version, 0);
        Args.atLeast("lastPosition", lastPosition, 0);
        Args.atLeast("attempts", attempts, 1);
    }

    /** @return true if the command appended no event */
    public boolean isEmpty() {
        return events.isEmpty();
    }
}
