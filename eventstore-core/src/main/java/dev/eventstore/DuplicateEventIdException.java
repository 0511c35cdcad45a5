package dev.eventstore;

import java.util.UUID;

/**
 * An append reused an event id that is already recorded, and it was not a retry of the append
 * that recorded it (see the idempotency rule on {@link EventWriter#append}); nothing was written.
 */
public class DuplicateEventIdException extends EventStoreException {

    /** The id that was reused. */
    private final UUID eventId;

    /**
     * @param eventId the id that was reused
     * @param detail why the append is not a retry, for example where the id is recorded
     */
    public DuplicateEventIdException(UUID eventId, String detail) {
        super("Event id " + eventId + " is already recorded: " + detail);
        this.eventId = eventId;
    }

    /** @return the id that was reused */
    public UUID eventId() {
        return eventId;
    }
}
