package dev.eventstore;

/**
 * A conditional append found an event matching its condition's query that the caller had not seen:
 * one recorded after the condition's position, or one below it that a transaction committed after
 * the caller's view was taken (see {@link AppendCondition}). Nothing was written. The caller's
 * decision was made on stale facts: read again, decide again.
 */
public class AppendConditionFailedException extends EventStoreException {

    /** The stream appended to. */
    private final String streamId;
    /** The condition that failed. */
    private final AppendCondition condition;
    /** The position of a matching event the caller had not seen. */
    private final long conflictingPosition;

    /**
     * @param streamId the stream appended to
     * @param condition the condition that failed
     * @param conflictingPosition the position of a matching event the caller had not seen: above
     *     {@code condition.after()}, or between {@code condition.consistentPosition()} and it
     */
    public AppendConditionFailedException(String streamId, AppendCondition condition, long conflictingPosition) {
        super(message(streamId, condition, conflictingPosition));
        this.streamId = streamId;
        this.condition = condition;
        this.conflictingPosition = conflictingPosition;
    }

    private static String message(String streamId, AppendCondition condition, long conflictingPosition) {
        String prefix = "Append condition failed for stream '" + streamId + "': an event matching " + condition.query();
        if (conflictingPosition > condition.after()) {
            return prefix + " was recorded after position " + condition.after() + " (at position "
                    + conflictingPosition + ")";
        }
        return prefix + " was recorded at position " + conflictingPosition + ", below the condition's position "
                + condition.after() + " but above its consistent position " + condition.consistentPosition()
                + ", by a transaction that had not committed when that view was taken";
    }

    /** @return the stream appended to */
    public String streamId() {
        return streamId;
    }

    /** @return the condition that failed */
    public AppendCondition condition() {
        return condition;
    }

    /**
     * @return the position of a matching event the caller had not seen: above the condition's
     *     {@code after}, or, on PostgreSQL, between its {@code consistentPosition} and {@code after}
     */
    public long conflictingPosition() {
        return conflictingPosition;
    }
}
