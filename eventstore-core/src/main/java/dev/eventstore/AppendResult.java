package dev.eventstore;

/**
 * What a successful append returns.
 *
 * <p>To make a later append conditional on nothing having happened since this one, pass the whole
 * result: {@link AppendCondition#noneMatchingAfter(Query, AppendResult)}. That is safe on every store.
 * {@code lastPosition} alone is not: on a store whose writers run concurrently (PostgreSQL) a
 * transaction that began writing before this append, and was still open when it returned, can commit
 * events below {@code lastPosition}; a condition whose {@code after} is {@code lastPosition} would miss
 * them, while the same condition built from this result counts them ({@link #consistentPosition}).
 *
 * @param nextExpectedVersion the stream's version after the append: the version of its last event,
 *     to pass as {@link ExpectedVersion#exactly(long)} to the next append of the same writer
 * @param lastPosition the global log position of the last event appended; this append's events are
 *     at consecutive positions ending here. It is not a checkpoint: a store whose writers run
 *     concurrently may still commit another transaction's events below it, and then shows this event
 *     to readers of the log only once those have ended (see {@link EventReader}). To wait for a
 *     subscriber to handle this append, use {@link Subscription#awaitPosition}; to subscribe, take
 *     positions from reads of the log ({@link EventReader#read(EventFilter, long, long)},
 *     {@link EventReader#headPosition()}).
 * @param consistentPosition the highest position at or below which the log was complete when the
 *     append was made: no event of another transaction can appear at or below it any more. At most
 *     {@code lastPosition}; this append's own events lie above it when it is lower. It equals
 *     {@code lastPosition} on the stores that serialize their writers (in memory, SQLite), and on
 *     PostgreSQL whenever no other transaction of the store that began writing before this append was
 *     still open. {@link AppendCondition#noneMatchingAfter(Query, AppendResult)} uses it. An append
 *     repeated with the same event ids (the idempotency rule of {@link EventWriter#append}) returns the
 *     first append's version and positions, but its {@code consistentPosition} is worked out again when
 *     it is repeated: on PostgreSQL it can then be higher than the first one was, above events of
 *     transactions that committed in between. A writer that repeats an append after a lost answer and
 *     then appends on a condition should read what it decides on again, as after any lost answer.
 */
public record AppendResult(long nextExpectedVersion, long lastPosition, long consistentPosition) {

    /**
     * @param nextExpectedVersion the stream's version after the append
     * @param lastPosition the global log position of the last event appended
     * @param consistentPosition the position at or below which the log was complete when the append
     *     was made
     * @throws IllegalArgumentException if the version or position is below 1, or
     *     {@code consistentPosition} is negative or above {@code lastPosition}
     */
    public AppendResult {
        if (nextExpectedVersion < 1) {
            throw new IllegalArgumentException("nextExpectedVersion must be at least 1, was: " + nextExpectedVersion);
        }
        if (lastPosition < 1) {
            throw new IllegalArgumentException("lastPosition must be at least 1, was: " + lastPosition);
        }
        if (consistentPosition < 0 || consistentPosition > lastPosition) {
            throw new IllegalArgumentException("consistentPosition must be between 0 and lastPosition ("
                    + lastPosition + "), was: " + consistentPosition);
        }
    }

    /**
     * The result of an append on a store whose positions follow commit order: the log was complete up
     * to the append's last event.
     *
     * @param nextExpectedVersion the stream's version after the append
     * @param lastPosition the global log position of the last event appended, also its
     *     {@link #consistentPosition()}
     * @throws IllegalArgumentException if the version or position is below 1
     */
    public AppendResult(long nextExpectedVersion, long lastPosition) {
        this(nextExpectedVersion, lastPosition, lastPosition);
    }
}
