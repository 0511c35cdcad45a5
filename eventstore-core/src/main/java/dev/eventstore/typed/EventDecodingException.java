package dev.eventstore.typed;

import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;

/**
 * A recorded event could not be turned into its class: its data is not the JSON its class expects,
 * its metadata is malformed, an upcaster is missing or failed, or it was stored at a schema version
 * newer than this application knows. The message names the stream, version, position and type; the
 * cause, if any, is Jackson's or the upcaster's error.
 */
public class EventDecodingException extends EventStoreException {

    /** The event's stream. */
    private final String streamId;
    /** The event's version in its stream. */
    private final long version;
    /** The event's position in the global log. */
    private final long position;
    /** The event's type name. */
    private final String type;

    /**
     * @param event the event that could not be decoded
     * @param problem what went wrong, without the event's coordinates (they are added)
     * @param cause the underlying error, or null
     */
    public EventDecodingException(RecordedEvent event, String problem, Throwable cause) {
        super("Cannot decode the event of type '" + event.type() + "' in stream '" + event.streamId()
                + "' at version " + event.version() + " (position " + event.position() + "): " + problem, cause);
        this.streamId = event.streamId();
        this.version = event.version();
        this.position = event.position();
        this.type = event.type();
    }

    /** @return the event's stream */
    public String streamId() {
        return streamId;
    }

    /** @return the event's version in its stream */
    public long version() {
        return version;
    }

    /** @return the event's position in the global log */
    public long position() {
        return position;
    }

    /** @return the event's type name */
    public String type() {
        return type;
    }
}
