package dev.eventstore;

import dev.eventstore.internal.Args;

/**
 * The condition of a dynamic-consistency-boundary append: <em>fail if any event matching
 * {@code query} was recorded after position {@code after}</em>, the highest position the caller was
 * aware of when it decided.
 *
 * <p>The caller reads the events that decide a rule with {@link EventReader#read(Query, long, long)}
 * (or only the newest of them with {@link EventReader#readLast(Query)}), remembers the position it read
 * up to, decides, and appends with this condition. If another writer recorded a matching event in
 * between, the append fails with {@link AppendConditionFailedException} and writes nothing; the caller
 * reads again and decides again. This enforces rules that span streams, such as "no two users claim
 * the username alice", without a saga.
 *
 * <h2>Where {@code after} comes from</h2>
 * <ul>
 *   <li>From a read of the log: the position of the last event {@link EventReader#read(Query, long, long)}
 *       or {@link EventReader#readLast(Query)} returned, or {@link EventReader#headPosition()} read before
 *       the query; 0 when there was nothing to read. Build the condition with
 *       {@link #noneMatchingAfter(Query, long)}.</li>
 *   <li>From the caller's own append, to go on from there ("nothing matching since my last append"):
 *       pass the whole {@link AppendResult} to {@link #noneMatchingAfter(Query, AppendResult)}. This says
 *       the caller knew every matching event up to its own append: true when that append was itself
 *       conditional on the same query (it would have failed otherwise), or when only what happened
 *       after it matters.</li>
 * </ul>
 * A position from {@link EventReader#readStream}, or {@link AppendResult#lastPosition()} on its own,
 * is no such bound on a store whose writers run concurrently, where an earlier transaction may still
 * commit events below it.
 *
 * <h2>Events below {@code after} that the caller could not see</h2>
 * On PostgreSQL a transaction's events get their positions when it begins writing, not when it
 * commits, so a transaction that was still open when the caller's append returned can later commit
 * events below that append's position. {@code consistentPosition} marks how far the caller's view was
 * complete, and the condition also fails if an event matching {@code query} lies between
 * {@code consistentPosition} and {@code after} and was recorded by a transaction that had not committed
 * when the caller obtained {@code after}. The stores whose positions follow commit order (in memory,
 * SQLite) never have such an event. PostgreSQL counts every matching event that another transaction
 * recorded in that range, so a condition built from an append result can also fail for an event that
 * committed just before that append, which the caller did not read either: it reads again and decides
 * again, as for any conflict.
 *
 * @param query the events that would invalidate the caller's decision
 * @param after the highest position the caller was aware of; 0 when it read nothing, which means
 *     "fail if any matching event exists at all"
 * @param consistentPosition the position up to which the caller's view of the log was complete, at
 *     most {@code after}: {@code after} itself for a position from a read of the log, and
 *     {@link AppendResult#consistentPosition()} for the caller's own append
 */
public record AppendCondition(Query query, long after, long consistentPosition) {

    /**
     * @param query the events that would invalidate the caller's decision
     * @param after the highest position the caller was aware of; 0 when it read nothing
     * @param consistentPosition the position up to which the caller's view of the log was complete
     * @throws IllegalArgumentException if {@code query} is null, {@code after} is negative, or
     *     {@code consistentPosition} is negative or above {@code after}
     */
    public AppendCondition {
        Args.notNull("query", query);
        Args.atLeast("after", after, 0);
        if (consistentPosition < 0 || consistentPosition > after) {
            throw new IllegalArgumentException("consistentPosition must be between 0 and after (" + after
                    + "), was: " + consistentPosition);
        }
    }

    /**
     * A condition on a position read from the log, whose view is complete up to it.
     *
     * @param query the events that would invalidate the caller's decision
     * @param after the position the caller read up to; 0 when it read nothing
     * @throws IllegalArgumentException if {@code query} is null or {@code after} is negative
     */
    public AppendCondition(Query query, long after) {
        this(query, after, after);
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
     * @param after the position the caller read up to, from a read of the log (see the class comment)
     * @return the condition
     * @throws IllegalArgumentException if {@code query} is null or {@code after} is negative
     */
    public static AppendCondition noneMatchingAfter(Query query, long after) {
        return new AppendCondition(query, after);
    }

    /**
     * A condition that fails if an event matching {@code query} has been recorded since the caller's
     * own append: after its last position, or below it by a transaction that had not committed when it
     * returned. Safe on every store; see the class comment for what PostgreSQL counts.
     *
     * <pre>{@code
     * AppendResult claimed = store.append(stream, ExpectedVersion.any(), List.of(claim),
     *         AppendCondition.noneMatchingAfter(username, readUpTo));
     * // later, decided on what the caller knew then and on its own claim:
     * store.append(stream, ExpectedVersion.exactly(claimed.nextExpectedVersion()), List.of(confirmed),
     *         AppendCondition.noneMatchingAfter(username, claimed));
     * }</pre>
     *
     * @param query the events that must not have been recorded since the append
     * @param append what the caller's append returned
     * @return the condition, with {@code after} the append's last position and
     *     {@code consistentPosition} its consistent position
     * @throws IllegalArgumentException if an argument is null
     */
    public static AppendCondition noneMatchingAfter(Query query, AppendResult append) {
        Args.notNull("append", append);
        return new AppendCondition(query, append.lastPosition(), append.consistentPosition());
    }
}
