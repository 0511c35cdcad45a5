package dev.eventstore.reactor;

import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;

/**
 * A reactor's reaction to an event, or to a deadline, threw. The reactor retries with back-off and,
 * once its retries are used up, stops with this exception as the cause of its failure: it never moves
 * past the event (unless built to {@linkplain Poison#PARK park} it). {@link ParkedEvents#retry} and
 * {@link ParkedEvents#skip} throw it too, when a released event fails again. The message names the reactor, the event (stream, version, position, type) or the
 * deadline, and the error.
 */
public class ReactionFailedException extends EventStoreException {

    private final transient RecordedEvent event;
    private final transient Deadline deadline;

    /**
     * @param reactor the reactor's name
     * @param event the event reacted to
     * @param cause what the reaction threw
     */
    public ReactionFailedException(String reactor, RecordedEvent event, Throwable cause) {
        super("Reactor '" + reactor + "' failed to react to the event at position " + event.position() + " ("
                + event.streamId() + "@" + event.version() + ", " + event.type() + ", id " + event.id() + "): "
                + cause, cause);
        this.event = event;
        this.deadline = null;
    }

    /**
     * @param reactor the reactor's name
     * @param deadline the deadline that was firing
     * @param cause what the handler threw
     */
    public ReactionFailedException(String reactor, Deadline deadline, Throwable cause) {
        super("Reactor '" + reactor + "' failed to fire " + deadline + ": " + cause, cause);
        this.event = null;
        this.deadline = deadline;
    }

    /** @return the event the reaction failed on; null if a deadline failed */
    public RecordedEvent event() {
        return event;
    }

    /** @return the deadline that failed to fire; null if a reaction to an event failed */
    public Deadline deadline() {
        return deadline;
    }
}
