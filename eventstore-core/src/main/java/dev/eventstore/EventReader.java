package dev.eventstore;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads events back: one stream by version, or the global log by position. Implementations are safe
 * for concurrent use.
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
