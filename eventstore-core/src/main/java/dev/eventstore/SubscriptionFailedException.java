package dev.eventstore;

/**
 * A subscription stopped because its handler kept failing on an event; the handler's last error is
 * the cause. The subscription did not move past that event: its position is the last event handled.
 */
public class SubscriptionFailedException extends EventStoreException {

    /** The subscription's name. */
    private final String subscriptionName;
    /** The position of the last event handled successfully. */
    private final long position;

    /**
     * @param subscriptionName the subscription's name
     * @param position the position of the last event handled successfully
     * @param failedPosition the position of the event the handler failed on
     * @param attempts how many times it was tried
     * @param cause the handler's last error
     */
    public SubscriptionFailedException(String subscriptionName, long position, long failedPosition, int attempts,
            Throwable cause) {
        super("Subscription '" + subscriptionName + "' stopped: its handler failed " + attempts
                + (attempts == 1 ? " time" : " times") + " on the event at position " + failedPosition
                + " (last handled position " + position + "): " + cause, cause);
        this.subscriptionName = subscriptionName;
        this.position = position;
    }

    /** @return the subscription's name */
    public String subscriptionName() {
        return subscriptionName;
    }

    /** @return the position of the last event handled successfully */
    public long position() {
        return position;
    }
}
