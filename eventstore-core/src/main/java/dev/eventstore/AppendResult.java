package dev.eventstore;

/**
 * What a successful append returns.
 *
 * @param nextExpectedVersion the stream's version after the append: the version of its last event,
 *     to pass as {@link ExpectedVersion#exactly(long)} to the next append of the same writer
 * @param lastPosition the global log position of the last event appended; this append's events are
 *     at consecutive positions ending here. It is not a checkpoint: on PostgreSQL a transaction that
 *     started writing earlier may still commit events below it, and readers of the log meet this
 *     event only once every such transaction has ended. To subscribe or to build an
 *     {@link AppendCondition}, take positions from reads of the log
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
