package dev.eventstore.spi;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.StreamIds;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.internal.Args;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks and values of {@link StreamLifecycle}'s operations, written once for every store: the
 * arguments, the marker events, the snapshot rule of truncation, and what a retention policy expires.
 */
public final class StreamLifecycles {

    private StreamLifecycles() {
    }

    /**
     * @param tombstone true for a hard delete's marker
     * @return the marker event a delete appends; its own version tells what it deleted, so it carries no data
     */
    public static EventData marker(boolean tombstone) {
        return EventData.of(tombstone ? StreamLifecycle.STREAM_TOMBSTONED : StreamLifecycle.STREAM_DELETED, "{}");
    }

    /**
     * Checks the arguments of a soft delete.
     *
     * @param streamId the stream
     * @param expectedVersion what the caller expects
     * @return the expectation the marker's append uses: {@code streamExists()} for {@code any()}, since
     *     a stream that reads as not found has nothing to delete
     * @throws IllegalArgumentException if {@code streamId} is invalid, or {@code expectedVersion} is
     *     null or {@code noStream()}
     */
    public static ExpectedVersion checkDelete(String streamId, ExpectedVersion expectedVersion) {
        StreamIds.validate(streamId);
        Args.notNull("expectedVersion", expectedVersion);
        if (expectedVersion.isNoStream()) {
            throw new IllegalArgumentException("cannot delete stream '" + streamId
                    + "' expecting it not to exist (expected version " + expectedVersion + ")");
        }
        return expectedVersion.isAny() ? ExpectedVersion.streamExists() : expectedVersion;
    }

    /**
     * Checks the arguments of a hard delete.
     *
     * @param streamId the stream
     * @param expectedVersion what the caller expects
     * @throws IllegalArgumentException if an argument is null or invalid
     */
    public static void checkTombstone(String streamId, ExpectedVersion expectedVersion) {
        StreamIds.validate(streamId);
        Args.notNull("expectedVersion", expectedVersion);
    }

    /**
     * Checks a truncation against the stream and its snapshots.
     *
     * @param snapshots the store's snapshots
     * @param streamId the stream
     * @param beforeVersion the requested truncation point
     * @param lastVersion the stream's last recorded version
     * @param force true to skip the snapshot rule
     * @throws IllegalArgumentException if {@code beforeVersion} is below 1 or above {@code lastVersion + 1}
     * @throws IllegalStateException if the latest snapshot does not cover the hidden events
     */
    public static void checkTruncate(SnapshotStore snapshots, String streamId, long beforeVersion, long lastVersion,
            boolean force) {
        if (beforeVersion < 1 || beforeVersion > lastVersion + 1) {
            throw new IllegalArgumentException("cannot truncate stream '" + streamId + "' before version "
                    + beforeVersion + ": it must be between 1 and the stream's version + 1 (" + (lastVersion + 1)
                    + ")");
        }
        if (force || beforeVersion == 1) {
            return;
        }
        Optional<Snapshot> latest = snapshots.load(streamId);
        long covered = latest.map(Snapshot::version).orElse(0L);
        if (beforeVersion > covered + 1) {
            throw new IllegalStateException("refusing to truncate stream '" + streamId + "' before version "
                    + beforeVersion + ": " + (latest.isEmpty() ? "it has no snapshot"
                            : "its latest snapshot is at version " + covered)
                    + ", so an aggregate could no longer be loaded; take a snapshot at version "
                    + (beforeVersion - 1) + " or later first, or force the truncation");
        }
    }

    /**
     * @param policy a retention policy
     * @param now the current time
     * @return the instant before which the policy expires events; empty if it has no age limit
     */
    public static Optional<Instant> expiredBefore(RetentionPolicy policy, Instant now) {
        return policy.maxAge() == null ? Optional.empty() : Optional.of(now.minus(policy.maxAge()));
    }
}
