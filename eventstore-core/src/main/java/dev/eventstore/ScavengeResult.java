package dev.eventstore;

import java.time.Duration;

/**
 * What {@link StreamLifecycle#scavenge} did.
 *
 * @param eventsRemoved how many events it removed from storage
 * @param bytesBefore the size of the event log's storage before (the SQLite file; on PostgreSQL the
 *     events table with its indexes and TOAST); -1 where the store has no such measure (in memory)
 * @param bytesAfter the same size afterwards; -1 where the store has no such measure
 * @param elapsed how long it took, compaction included
 */
public record ScavengeResult(long eventsRemoved, long bytesBefore, long bytesAfter, Duration elapsed) {

    /** @return bytes freed: {@code bytesBefore - bytesAfter}; 0 where the sizes are unknown */
    public long bytesReclaimed() {
        return bytesBefore < 0 || bytesAfter < 0 ? 0 : bytesBefore - bytesAfter;
    }
}
