package dev.eventstore.reactor;

/**
 * What a {@link Reactor} does with a poison event: one whose reaction still fails once the
 * {@link dev.eventstore.RetryPolicy retry policy}'s attempts are used up.
 */
public enum Poison {
    /**
     * Stop the reactor with the event's position and the error (the default): nothing moves past the
     * event until the reactor is started again after a fix.
     */
    STOP,
    /**
     * Park the event in the store's {@link ParkedEventStore} with its error and attempts, and go on.
     * The later events of its stream are parked behind it, unhandled, so that a stream's order is
     * never broken; other streams go on. See {@link ParkedEvents} to list, retry and skip them.
     */
    PARK
}
