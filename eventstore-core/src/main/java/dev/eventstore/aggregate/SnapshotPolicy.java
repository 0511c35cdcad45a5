package dev.eventstore.aggregate;

import dev.eventstore.internal.Args;

/**
 * When the {@link CommandHandler} takes a snapshot: asked after each successful append.
 *
 * <pre>{@code
 * SnapshotPolicy.everyEvents(100)   // at versions 100, 200, 300, ... (or the first append past them)
 * SnapshotPolicy.none()
 * }</pre>
 */
@FunctionalInterface
public interface SnapshotPolicy {

    /**
     * @param versionBefore the stream's version before the append (0 for a new stream)
     * @param versionAfter the stream's version after it
     * @return true to snapshot the state at {@code versionAfter}
     */
    boolean shouldSnapshot(long versionBefore, long versionAfter);

    /** @return a policy that never takes a snapshot */
    static SnapshotPolicy none() {
        return (before, after) -> false;
    }

    /**
     * A snapshot each time the stream crosses a multiple of {@code n}: an append from version 98 to
     * 101 with {@code n = 100} takes one at 101.
     *
     * @param n the number of events between snapshots, at least 1
     * @return the policy
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    static SnapshotPolicy everyEvents(long n) {
        Args.atLeast("n", n, 1);
        return (before, after) -> before / n < after / n;
    }
}
