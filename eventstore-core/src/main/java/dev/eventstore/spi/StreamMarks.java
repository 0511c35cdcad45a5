package dev.eventstore.spi;

import dev.eventstore.ExpectedVersion;

/**
 * What the lifecycle operations of {@link dev.eventstore.StreamLifecycle} recorded about one stream:
 * where its reads start, the version of its latest soft-delete marker, and whether it is tombstoned.
 * A stream without any is {@link #NONE}.
 *
 * @param visibleFrom the first version stream reads return (1 unless truncated or deleted)
 * @param deletedVersion the version of the stream's latest soft-delete marker; 0 if never deleted
 * @param tombstoned true once the stream is hard-deleted
 */
public record StreamMarks(long visibleFrom, long deletedVersion, boolean tombstoned) {

    /** A stream never deleted, truncated or tombstoned. */
    public static final StreamMarks NONE = new StreamMarks(1, 0, false);

    /**
     * The version a stream shows to readers and to expected versions: 0 while it reads as not found
     * (its last event is its delete marker, or it is tombstoned), else its last version.
     *
     * @param lastVersion the version of the stream's last recorded event; 0 if it has none
     * @return the version readers and appends see
     */
    public long visibleVersion(long lastVersion) {
        return tombstoned || lastVersion == deletedVersion ? 0 : lastVersion;
    }

    /**
     * @param beforeVersion a truncation point
     * @return these marks with reads starting at {@code beforeVersion}, if that is later
     */
    public StreamMarks truncatedBefore(long beforeVersion) {
        return new StreamMarks(Math.max(visibleFrom, beforeVersion), deletedVersion, tombstoned);
    }

    /**
     * @param markerVersion the version of a soft-delete marker just appended
     * @return these marks with the stream deleted up to and including the marker
     */
    public StreamMarks deletedAt(long markerVersion) {
        return new StreamMarks(Math.max(visibleFrom, markerVersion + 1), markerVersion, tombstoned);
    }

    /**
     * @param markerVersion the version of the tombstone marker just appended
     * @return these marks with the stream tombstoned
     */
    public StreamMarks tombstonedAt(long markerVersion) {
        return new StreamMarks(Math.max(visibleFrom, markerVersion + 1), deletedVersion, true);
    }

    /**
     * The expected version the idempotency rule checks a retry against. A stream started again after
     * a soft delete with {@code noStream()} has its first event after the marker, not at version 1.
     *
     * @param expectedVersion the append's expected version
     * @param firstRecordedVersion the version of the first of the retry's recorded events
     * @return the expectation that names the place where such a retry was written
     */
    public ExpectedVersion placeOf(ExpectedVersion expectedVersion, long firstRecordedVersion) {
        if (expectedVersion.isNoStream() && deletedVersion > 0 && firstRecordedVersion == deletedVersion + 1) {
            return ExpectedVersion.exactly(deletedVersion);
        }
        return expectedVersion;
    }
}
