package dev.eventstore;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads events back: one stream by version, or the global log by position, forward or (by query)
 * backward. Implementations are safe for concurrent use.
 *
 * <h2>Lazy paging</h2>
 * Every read returns a {@link Stream} that fetches events page by page as it is consumed: a read of a
 * million events never holds them all in memory, and a read that stops early fetches only what it
 * used. Nothing is held open between pages, so the streams need not be closed. The arguments are
 * checked when the method is called; a failure to fetch a page (a lost connection) is thrown as
 * {@link EventStoreException} by the terminal operation that needed the page.
 *
 * <h2>Consistency</h2>
 * Each page is read atomically. A forward read of a stream is a prefix-consistent view: versions
 * come without holes, and an append is visible as soon as it commits (read your writes). A read of
 * the log in position order never skips an event that later becomes visible below the highest
 * position it returned (the position invariant), so continuing "after the last position seen" is
 * always complete. A store whose writers run concurrently may show a just-committed event to log
 * readers a little later than to stream readers: once every transaction that could still commit
 * events below it has ended. {@link Subscription#awaitPosition} waits for that.
 */
public interface EventReader {

    /**
     * Reads one stream in version order.
     *
     * @param streamId the stream
     * @param fromVersion the first version to return: forward, events at or above it (0 and 1 both
     *     mean "from the start"); backward, events at or below it ({@link Long#MAX_VALUE} means
     *     "from the end")
     * @param maxCount the most events to return; 0 returns none, {@link Long#MAX_VALUE} means all
     * @param direction {@link Direction#FORWARD} for ascending versions, {@link Direction#BACKWARD}
     *     for descending
     * @return the events, lazily; empty if the stream does not exist
     * @throws IllegalArgumentException if {@code streamId} is invalid, {@code fromVersion} or
     *     {@code maxCount} is negative, or {@code direction} is null
     */
    Stream<RecordedEvent> readStream(String streamId, long fromVersion, long maxCount, Direction direction);

    /**
     * Reads a whole stream, oldest first.
     *
     * @param streamId the stream
     * @return the events, lazily; empty if the stream does not exist
     * @throws IllegalArgumentException if {@code streamId} is invalid
     */
    default Stream<RecordedEvent> readStream(String streamId) {
        return readStream(streamId, 1, Long.MAX_VALUE, Direction.FORWARD);
    }

    /**
     * Reads the events of the global log that pass a filter, in position order.
     *
     * @param filter which events to return
     * @param afterPosition return only events above this position; 0 for the whole log
     * @param maxCount the most events to return; 0 returns none, {@link Long#MAX_VALUE} means all
     * @return the events, lazily, in ascending position
     * @throws IllegalArgumentException if {@code filter} is null, or {@code afterPosition} or
     *     {@code maxCount} is negative
     */
    Stream<RecordedEvent> read(EventFilter filter, long afterPosition, long maxCount);

    /**
     * Reads the global log in position order.
     *
     * @param afterPosition return only events above this position; 0 for the whole log
     * @param maxCount the most events to return; {@link Long#MAX_VALUE} means all
     * @return the events, lazily, in ascending position
     * @throws IllegalArgumentException if an argument is negative
     */
    default Stream<RecordedEvent> readAll(long afterPosition, long maxCount) {
        return read(EventFilter.all(), afterPosition, maxCount);
    }

    /**
     * Reads the events of every stream in a category, in position order.
     *
     * @param category the category, for example {@code account}
     * @param afterPosition return only events above this position; 0 for the whole log
     * @param maxCount the most events to return; {@link Long#MAX_VALUE} means all
     * @return the events, lazily, in ascending position
     * @throws IllegalArgumentException if {@code category} is invalid or a number is negative
     */
    default Stream<RecordedEvent> readCategory(String category, long afterPosition, long maxCount) {
        return read(EventFilter.category(category), afterPosition, maxCount);
    }

    /**
     * Reads the events matching a query, in position order. The position of the last event read is
     * what an {@link AppendCondition} built from the same query takes as {@code after}.
     *
     * @param query the query
     * @param afterPosition return only events above this position; 0 for the whole log
     * @param maxCount the most events to return; {@link Long#MAX_VALUE} means all
     * @return the events, lazily, in ascending position
     * @throws IllegalArgumentException if {@code query} is null or a number is negative
     */
    default Stream<RecordedEvent> read(Query query, long afterPosition, long maxCount) {
        return read(EventFilter.matching(query), afterPosition, maxCount);
    }

    /**
     * Reads the events matching a query newest first, from the head of the log down: for decisions that
     * need only the latest facts, such as the last invoice number or the current holder of a username,
     * without reading the whole history forward.
     *
     * <p>It sees what a forward read of the log sees and no more: it starts at the highest position a
     * reader of the log can see now ({@link #headPosition()}), so an event that is committed but not yet
     * visible to readers of the log (on PostgreSQL, one above a transaction of the store that is still
     * open) is not returned, and the position invariant holds downward: once a page is read, no event can
     * later appear between the positions it returned. The position of the first event returned is what
     * an {@link AppendCondition} on the same query takes as {@code after}, exactly as for a forward read.
     *
     * @param query the query; {@link Query#all()} reads the whole log backward
     * @param beforePosition return only events below this position; {@link Long#MAX_VALUE} means "from
     *     the head"
     * @param maxCount the most events to return; 0 returns none, {@link Long#MAX_VALUE} means all
     * @return the events, lazily, in descending position
     * @throws IllegalArgumentException if {@code query} is null, or {@code beforePosition} or
     *     {@code maxCount} is negative
     */
    Stream<RecordedEvent> readBackward(Query query, long beforePosition, long maxCount);

    /**
     * Reads the newest event matching a query: {@code readBackward(query, Long.MAX_VALUE, 1)}. Its
     * position, or 0 when there is none, is the {@code after} of a condition on the same query.
     *
     * <pre>{@code
     * Query invoices = Query.of(QueryItem.types("InvoiceCreated"));
     * Optional<RecordedEvent> last = store.readLast(invoices);
     * long next = last.map(e -> numberOf(e) + 1).orElse(1L);
     * store.append("invoice-" + next, ExpectedVersion.noStream(), List.of(created(next)),
     *         AppendCondition.noneMatchingAfter(invoices, last.map(RecordedEvent::position).orElse(0L)));
     * }</pre>
     *
     * @param query the query
     * @return the matching event with the highest position a reader of the log can see now; empty if
     *     there is none
     * @throws IllegalArgumentException if {@code query} is null
     * @throws EventStoreException if the store cannot be read
     */
    default Optional<RecordedEvent> readLast(Query query) {
        return readBackward(query, Long.MAX_VALUE, 1).findFirst();
    }

    /**
     * Finds the event recorded with an id. Like a stream read, it sees an append as soon as the append
     * has committed: this is how a caller learns whether an append it is unsure of (a timeout, a lost
     * connection, a command sent again) has happened.
     *
     * @param eventId the id the appender chose
     * @return the event; empty if no event with this id is recorded
     * @throws IllegalArgumentException if {@code eventId} is null
     * @throws EventStoreException if the store cannot be read
     */
    Optional<RecordedEvent> readEvent(UUID eventId);

    /**
     * The version of a stream: its number of events.
     *
     * @param streamId the stream
     * @return the version of its last event; 0 if the stream does not exist
     * @throws IllegalArgumentException if {@code streamId} is invalid
     * @throws EventStoreException if the store cannot be read
     */
    long streamVersion(String streamId);

    /**
     * The highest position a reader of the global log can see now.
     *
     * @return the position of the last visible event of the log; 0 if the log is empty
     * @throws EventStoreException if the store cannot be read
     */
    long headPosition();
}
