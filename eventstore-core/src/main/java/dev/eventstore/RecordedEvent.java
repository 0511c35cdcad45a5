package dev.eventstore;

import dev.eventstore.internal.Args;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An event as the store recorded it: the {@link EventData} that was appended, plus where and when it
 * was recorded.
 *
 * <p>{@code version} numbers the events of one stream 1, 2, 3, ... without holes: a stream's version is
 * its event count. {@code position} orders the events of the whole log. Positions grow strictly but
 * may have holes (an append that rolled back, or a store that spaces them). They never arrive late:
 * a reader of the global log that has seen position {@code p} never later meets a committed event
 * below {@code p}, so one number is a complete checkpoint.
 *
 * @param id the id the appender chose
 * @param streamId the stream the event belongs to
 * @param version the event's version in its stream, from 1
 * @param position the event's position in the global log, from 1
 * @param type the event's type name
 * @param data the payload, as JSON text (the same JSON value as appended, maybe formatted otherwise)
 * @param metadata data about the event, as a JSON object
 * @param tags the event's tags, sorted
 * @param recordedAt when the store recorded the event, by the store's clock; the events of one append
 *     share one time
 */
public record RecordedEvent(
        UUID id,
        String streamId,
        long version,
        long position,
        String type,
        String data,
        String metadata,
        Set<String> tags,
        Instant recordedAt) {

    /**
     * Builds a recorded event; stores call this, applications rarely need to.
     *
     * @param id the id the appender chose
     * @param streamId the stream the event belongs to
     * @param version the event's version in its stream, from 1
     * @param position the event's position in the global log, from 1
     * @param type the event's type name
     * @param data the payload, as JSON text
     * @param metadata data about the event, as a JSON object
     * @param tags the event's tags
     * @param recordedAt when the store recorded the event
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public RecordedEvent {
        Args.notNull("id", id);
        StreamIds.validate(streamId);
        Args.atLeast("version", version, 1);
        Args.atLeast("position", position, 1);
        Args.notNull("type", type);
        Args.notNull("data", data);
        Args.notNull("metadata", metadata);
        tags = EventData.copyTags(tags);
        Args.notNull("recordedAt", recordedAt);
    }

    /**
     * @return the category of the event's stream: the part of the stream id before the first
     *     {@code '-'}
     * @see StreamIds#category(String)
     */
    public String category() {
        return StreamIds.category(streamId);
    }

    /** @return a short description for logs: stream, version, position and type, without payload */
    @Override
    public String toString() {
        return "RecordedEvent[" + streamId + "@" + version + ", position " + position + ", " + type + ", id " + id
                + "]";
    }
}
