package dev.eventstore;

/**
 * What a successful append returns.
 *
 * @param nextExpectedVersion the stream's version after the append: the version of its last event,
 *     to pass as {@link ExpectedVersion#exactly(long)} to the next append of the same writer
 * @param lastPosition the global log position of the last event appended; this append's events are
 *     at consecutive positions ending here. It is not a checkpoint: a store whose writers run
 *     concurrently may still commit another transaction's events below it, and then shows this event
 *     to readers of the log only once those have ended (see {@link EventReader}). To wait for a
 *     subscriber to handle this append, use {@link Subscription#awaitPosition}; to subscribe or to
 *     build an {@link AppendCondition}, take positions from reads of the log
 *     ({@link EventReader#read(EventFilter, long, long)}, {@link EventReader#headPosition()}).
 */
public record AppendResult(long nextExpectedVersion, long lastPosition) {

    /**
     * @param nextExpectedVersion the stream's version after the append
     * @param lastPosition the global log position of the last event appended
     * @throws IllegalArgumentException if the version or position is below 1
     */
    public AppendResult {
        if (nextExpectedVersion < 1) {
            throw new IllegalArgumentException("nextExpectedVersion must be at least 1, was: " + nextExpectedVersion);
        }
        if (lastPosition < 1) {
            throw new IllegalArgumentException("lastPosition must be at least 1, was: " + lastPosition);
        }
    }
}
