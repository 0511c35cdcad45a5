package dev.eventstore.typed;

import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;

/**
 * A recorded event decoded by {@link EventTypes}: the event object at its current schema version, its
 * metadata, and the recorded event it came from (stream, version, position, time).
 *
 * @param event the decoded event
 * @param metadata its correlation id, causation id and entries
 * @param recorded the event as the store recorded it
 * @param <E> the event's class
 */
public record TypedEvent<E>(E event, EventMetadata metadata, RecordedEvent recorded) {

    /**
     * @param event the decoded event
     * @param metadata its correlation id, causation id and entries
     * @param recorded the event as the store recorded it
     * @throws IllegalArgumentException if a component is null
     */
    public TypedEvent {
        Args.notNull("event", event);
        Args.notNull("metadata", metadata);
        Args.notNull("recorded", recorded);
    }

    /** @return the recorded event's stream id */
    public String streamId() {
        return recorded.streamId();
    }

    /** @return the recorded event's version in its stream */
    public long version() {
        return recorded.version();
    }

    /** @return the recorded event's position in the global log */
    public long position() {
        return recorded.position();
    }
}
