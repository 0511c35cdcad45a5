package dev.eventstore;

import dev.eventstore.internal.Args;

/**
 * The condition of a dynamic-consistency-boundary append: <em>fail if any event matching
 * {@code query} was recorded after position {@code after}</em>.
 *
 * <p>The caller reads the events that decide a rule with {@link EventReader#read(Query, long, long)},
 * remembers the position it read up to, decides, and appends with this condition. If another writer
 * recorded a matching event in between, the append fails with {@link AppendConditionFailedException}
 * and writes nothing; the caller reads again and decides again. This enforces rules that span
 * streams, such as "no two users claim the username alice", without a saga.
 *
 * @param query the events that would invalidate the caller's decision
 * @param after the position the caller read up to; 0 when it read nothing, which means "fail if any
 *     matching event exists at all". Take it from a read of the log: the position of the last event
 *     {@link EventReader#read(Query, long, long)} returned, or {@link EventReader#headPosition()} read
 *     before the query. A position from {@link AppendResult} or {@link EventReader#readStream} is no
 *     such bound on a store whose writers run concurrently, where an earlier transaction may still
 *     commit events below it.
 */
public record AppendCondition(Query query, long after) {

    /**
     * @param query the events that would invalidate the caller's decision
     * @param after the position the caller read up to; 0 when it read nothing
     * @throws IllegalArgumentException if {@code query} is null or {@code after} is negative
     */
    public AppendCondition {
        Args.notNull("query", query);
        Args.atLeast("after", after, 0);
    }

    /**
     * @param query the events that must not exist at all
     * @return a condition that fails if any event matches {@code query}
     * @throws IllegalArgumentException if {@code query} is null
     */
    public static AppendCondition noneMatching(Query query) {
        return new AppendCondition(query, 0);
    }

    /**
     * @param query the events that must not have been recorded after {@code after}
     * @param after the position the caller read up to
     * @return the condition
     * @throws IllegalArgumentException if {@code query} is null or {@code after} is negative
     */
    public static AppendCondition noneMatchingAfter(Query query, long after) {
        return new AppendCondition(query, after);
    }
}
