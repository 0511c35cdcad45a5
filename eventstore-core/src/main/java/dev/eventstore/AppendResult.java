package dev.eventstore;

/**
 * What a successful append returns.
 *
 * @param nextExpectedVersion the stream's version after the append: the version of its last event,
 *     to pass as {@link ExpectedVersion#exactly(long)} to the next append of the same writer
 * @param lastPosition the global log position of the last event appended. Positions only grow, so
 *     everything this append wrote is at or below it. On a store whose log readers see commits
 *     a little later (PostgreSQL), readers of the global log meet the event once every transaction
 *     that started writing before it has ended.
 */
public record AppendResult(long nextExpectedVersion, long lastPosition) {

    /**
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
