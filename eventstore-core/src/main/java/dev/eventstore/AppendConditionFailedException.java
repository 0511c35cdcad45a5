package dev.eventstore;

/**
 * A conditional append found an event matching its condition's query after the condition's
 * position; nothing was written. The caller's decision was made on stale facts: read again, decide
 * again.
 */
public class AppendConditionFailedException extends EventStoreException {

    /** The stream appended to. */
    private final String streamId;
    /** The condition that failed. */
    private final AppendCondition condition;
    /** The position of an event that matched the condition's query after its position. */
    private final long conflictingPosition;

    /**
     * @param streamId the stream appended to
     * @param condition the condition that failed
     * @param conflictingPosition the position of an event that matched the query after
     *     {@code condition.after()}
     */
    public AppendConditionFailedException(String streamId, AppendCondition condition, long conflictingPosition) {
        super("Append condition failed for stream '" + streamId + "': an event matching " + condition.query()
                + " was recorded after position " + condition.after() + " (at position " + conflictingPosition + ")");
        this.streamId = streamId;
        this.condition = condition;
        this.conflictingPosition = conflictingPosition;
    }

    /** @return the stream appended to */
    public String streamId() {
        return streamId;
    }

    /** @return the condition that failed */
    public AppendCondition condition() {
        return condition;
    }

    /** @return the position of an event that matched the condition's query after its position */
    public long conflictingPosition() {
        return conflictingPosition;
    }
}
