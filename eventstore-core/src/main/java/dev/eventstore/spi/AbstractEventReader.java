package dev.eventstore.spi;

import dev.eventstore.Direction;
import dev.eventstore.EventFilter;
import dev.eventstore.EventReader;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Paging;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The reading half of every store and of every transaction of one: it checks arguments, pages reads
 * lazily, and turns an {@link EventFilter} into one of four page reads, so that a backend implements
 * only those page reads, and one more for reads by query backward. A store extends
 * {@link AbstractEventStore}, which extends this class; a store's transactions extend this class
 * directly, reading on the transaction's connection.
 */
public abstract class AbstractEventReader implements EventReader {

    private final int pageSize;

    /**
     * @param pageSize how many events lazy reads fetch at once
     * @throws IllegalArgumentException if {@code pageSize} is below 1
     */
    protected AbstractEventReader(int pageSize) {
        this.pageSize = (int) Args.atLeast("pageSize", pageSize, 1);
    }

    // ---------------------------------------------------------------- what a backend implements

    /**
     * Reads one page of a stream.
     *
     * @param streamId a valid stream id
     * @param fromVersion forward: the lowest version to return (at least 1); backward: the highest
     * @param limit the most events to return, at least 1
     * @param direction not null
     * @return the events in the direction's order
     */
    protected abstract List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit,
            Direction direction);

    /**
     * Reads one page of the whole log. Like every read of the log in position order, it honours the
     * position invariant: it never returns an event above a position below which another event may
     * still become visible.
     *
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition}, ascending
     */
    protected abstract List<RecordedEvent> doReadAll(long afterPosition, int limit);

    /**
     * Reads one page of a category's events in position order.
     *
     * @param category a valid category
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition}, ascending
     */
    protected abstract List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit);

    /**
     * Reads one page of a stream's events in position order, above a position.
     *
     * @param streamId a valid stream id
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition}, ascending
     */
    protected abstract List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit);

    /**
     * Reads one page of the events matching a query that does not match every event.
     *
     * @param query not null, and not {@link Query#matchesAll()}
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition}, ascending
     */
    protected abstract List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit);

    /**
     * Reads one page of the events matching a query, newest first. Like a forward read of the log it
     * honours the position invariant: it starts below the position up to which the log is complete (the
     * head a reader of the log can see now), never above.
     *
     * @param query not null; it may match every event ({@link Query#matchesAll()})
     * @param beforePosition at least 1
     * @param limit the most events to return, at least 1
     * @return the events below {@code beforePosition}, descending
     */
    protected abstract List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit);

    /**
     * @param eventId not null
     * @return the event recorded with this id; empty if there is none
     */
    protected abstract Optional<RecordedEvent> doReadEvent(UUID eventId);

    /**
     * @param streamId a valid stream id
     * @return the stream's version, 0 if it does not exist
     */
    protected abstract long doStreamVersion(String streamId);

    /** @return the highest position a read of the log can return now, 0 if none */
    protected abstract long doHeadPosition();

    /**
     * Called before every read; throws if reading is no longer allowed.
     *
     * @throws IllegalStateException if the store is closed or the transaction has ended
     */
    protected abstract void checkOpen();

    // ---------------------------------------------------------------- the public API

    @Override
    public final Stream<RecordedEvent> readStream(String streamId, long fromVersion, long maxCount,
            Direction direction) {
        StreamIds.validate(streamId);
        Args.atLeast("fromVersion", fromVersion, 0);
        Args.atLeast("maxCount", maxCount, 0);
        Args.notNull("direction", direction);
        checkOpen();
        long start = direction == Direction.FORWARD ? Math.max(1, fromVersion) : fromVersion;
        if (direction == Direction.BACKWARD && start == 0) {
            return Stream.empty();
        }
        return Paging.stream(maxCount, pageSize, (last, limit) -> {
            checkOpen();
            if (last == null) {
                return doReadStream(streamId, start, limit, direction);
            }
            if (direction == Direction.FORWARD) {
                return doReadStream(streamId, last.version() + 1, limit, direction);
            }
            return last.version() <= 1 ? List.of() : doReadStream(streamId, last.version() - 1, limit, direction);
        });
    }

    @Override
    public final Stream<RecordedEvent> read(EventFilter filter, long afterPosition, long maxCount) {
        Args.notNull("filter", filter);
        Args.atLeast("afterPosition", afterPosition, 0);
        Args.atLeast("maxCount", maxCount, 0);
        checkOpen();
        return Paging.stream(maxCount, pageSize, (last, limit) -> {
            checkOpen();
            return doRead(filter, last == null ? afterPosition : last.position(), limit);
        });
    }

    @Override
    public final Stream<RecordedEvent> readBackward(Query query, long beforePosition, long maxCount) {
        Args.notNull("query", query);
        Args.atLeast("beforePosition", beforePosition, 0);
        Args.atLeast("maxCount", maxCount, 0);
        checkOpen();
        if (beforePosition <= 1) {
            return Stream.empty();
        }
        return Paging.stream(maxCount, pageSize, (last, limit) -> {
            checkOpen();
            if (last == null) {
                return doReadBackward(query, beforePosition, limit);
            }
            return last.position() <= 1 ? List.of() : doReadBackward(query, last.position(), limit);
        });
    }

    @Override
    public final Optional<RecordedEvent> readEvent(UUID eventId) {
        Args.notNull("eventId", eventId);
        checkOpen();
        return doReadEvent(eventId);
    }

    @Override
    public final long streamVersion(String streamId) {
        StreamIds.validate(streamId);
        checkOpen();
        return doStreamVersion(streamId);
    }

    @Override
    public final long headPosition() {
        checkOpen();
        return doHeadPosition();
    }

    /**
     * Reads one page of the log through a filter: the one place where a filter becomes a page read.
     *
     * @param filter not null
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition} that pass {@code filter}, ascending
     */
    protected final List<RecordedEvent> doRead(EventFilter filter, long afterPosition, int limit) {
        if (filter instanceof EventFilter.OfCategory category) {
            return doReadCategory(category.category(), afterPosition, limit);
        }
        if (filter instanceof EventFilter.OfStream stream) {
            return doReadStreamAfter(stream.streamId(), afterPosition, limit);
        }
        if (filter instanceof EventFilter.Matching matching && !matching.query().matchesAll()) {
            return doReadQuery(matching.query(), afterPosition, limit);
        }
        return doReadAll(afterPosition, limit);
    }

    /** @return how many events lazy reads fetch at once */
    protected final int pageSize() {
        return pageSize;
    }
}
