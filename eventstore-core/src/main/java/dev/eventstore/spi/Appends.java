package dev.eventstore.spi;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamIds;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.internal.Args;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The append algorithm of {@link dev.eventstore.EventWriter#append}, written once: the idempotency
 * rule, then the expected version, then the condition, then the insert. A store whose appends exclude
 * each other (the in-memory store under its lock, SQLite under its write lock) supplies the four
 * storage steps and calls {@link #append}. PostgreSQL runs the same sequence inside one database
 * function instead, so that an append costs one round trip; it shares {@link Idempotency}.
 */
public final class Appends {

    private Appends() {
    }

    /**
     * The storage steps of one append. They run while no other append of the store can run, in the
     * order {@link #append} calls them, and may throw what the store's storage throws.
     */
    public interface Steps {
        /**
         * @param events the append's events
         * @return for each event, in order, the event recorded with its id or null; an empty list if
         *     none of the ids is recorded (a shortcut for the common case)
         * @throws Exception if the storage fails
         */
        List<RecordedEvent> recorded(List<EventData> events) throws Exception;

        /**
         * @param streamId the stream
         * @return its version, 0 if it does not exist
         * @throws Exception if the storage fails
         */
        long streamVersion(String streamId) throws Exception;

        /**
         * @param query the condition's query
         * @param after the condition's position
         * @return the position of the first event above {@code after} matching {@code query}; 0 if none
         * @throws Exception if the storage fails
         */
        long firstMatchAfter(Query query, long after) throws Exception;

        /**
         * Records the events at the next versions and positions.
         *
         * @param streamId the stream
         * @param version the stream's version before them
         * @param events the events, at least one
         * @return the events as recorded, in order
         * @throws Exception if the storage fails
         */
        List<RecordedEvent> insert(String streamId, long version, List<EventData> events) throws Exception;

        /**
         * @param streamId the stream
         * @return what the lifecycle operations recorded about it; {@link StreamMarks#NONE} if nothing
         * @throws Exception if the storage fails
         */
        default StreamMarks marks(String streamId) throws Exception {
            return StreamMarks.NONE;
        }

        /**
         * Records new marks for a stream, in the same atomic unit as the append before it.
         *
         * @param streamId the stream
         * @param marks its marks from now on
         * @throws Exception if the storage fails
         */
        default void setMarks(String streamId, StreamMarks marks) throws Exception {
            throw new UnsupportedOperationException("this store does not record stream marks");
        }
    }

    /**
     * What an append did.
     *
     * @param result what the append returns
     * @param written the events it recorded; empty for a retry the idempotency rule recognised
     */
    public record Outcome(AppendResult result, List<RecordedEvent> written) {
        /**
         * @param result what the append returns
         * @param written the events it recorded; empty for a recognised retry
         * @throws IllegalArgumentException if a component is null
         */
        public Outcome {
            Args.notNull("result", result);
            written = List.copyOf(Args.notNull("written", written));
        }
    }

    /**
     * Runs one append with a store's steps.
     *
     * @param steps the store's storage steps
     * @param streamId a valid stream id
     * @param expectedVersion not null
     * @param events checked events ({@link #check})
     * @param condition the condition, or null
     * @return what the append did
     * @throws WrongExpectedVersionException if the stream is not at {@code expectedVersion}
     * @throws AppendConditionFailedException if the condition fails
     * @throws dev.eventstore.DuplicateEventIdException if an id is reused outside the idempotency rule
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws Exception what a step threw
     */
    public static Outcome append(Steps steps, String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, AppendCondition condition) throws Exception {
        StreamMarks marks = steps.marks(streamId);
        if (marks.tombstoned()) {
            // Before the idempotency rule: a tombstoned stream takes no append, not even a retry.
            throw new StreamDeletedException(streamId);
        }
        List<RecordedEvent> recorded = steps.recorded(events);
        if (!recorded.isEmpty()) {
            RecordedEvent first = recorded.get(0);
            ExpectedVersion place = first == null ? expectedVersion : marks.placeOf(expectedVersion, first.version());
            Optional<AppendResult> retry = Idempotency.check(streamId, place, events, recorded);
            if (retry.isPresent()) {
                return new Outcome(retry.get(), List.of());
            }
        }
        long version = steps.streamVersion(streamId);
        long visible = marks.visibleVersion(version);
        if (!expectedVersion.accepts(visible)) {
            throw new WrongExpectedVersionException(streamId, expectedVersion, visible);
        }
        if (condition != null) {
            long conflict = steps.firstMatchAfter(condition.query(), condition.after());
            if (conflict > 0) {
                throw new AppendConditionFailedException(streamId, condition, conflict);
            }
        }
        List<RecordedEvent> written = steps.insert(streamId, version, events);
        RecordedEvent last = written.get(written.size() - 1);
        return new Outcome(new AppendResult(last.version(), last.position()), written);
    }

    /**
     * Appends a soft-delete or tombstone marker to a stream and records the stream's new marks, with a
     * store's steps: the algorithm of {@link dev.eventstore.StreamLifecycle#deleteStream} and
     * {@link dev.eventstore.StreamLifecycle#tombstoneStream}, for stores whose appends exclude each other.
     *
     * @param steps the store's storage steps
     * @param streamId a valid stream id
     * @param expectedVersion checked by {@link StreamLifecycles#checkDelete} for a soft delete
     * @param tombstone true for a hard delete
     * @return what the marker's append did
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws WrongExpectedVersionException if the stream is not at {@code expectedVersion}
     * @throws Exception what a step threw
     */
    public static Outcome delete(Steps steps, String streamId, ExpectedVersion expectedVersion, boolean tombstone)
            throws Exception {
        Outcome outcome = append(steps, streamId, expectedVersion,
                List.of(StreamLifecycles.marker(tombstone)), null);
        long markerVersion = outcome.result().nextExpectedVersion();
        StreamMarks marks = steps.marks(streamId);
        steps.setMarks(streamId, tombstone ? marks.tombstonedAt(markerVersion) : marks.deletedAt(markerVersion));
        return outcome;
    }

    /**
     * Checks an append's arguments, for every path that appends (a store, a transaction).
     *
     * @param streamId the stream
     * @param expectedVersion the expected version
     * @param events the events
     * @return an unmodifiable copy of {@code events}
     * @throws IllegalArgumentException naming the bad argument; two events sharing an id; an event of a
     *     marker type of {@link StreamLifecycle}
     */
    public static List<EventData> check(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
        StreamIds.validate(streamId);
        Args.notNull("expectedVersion", expectedVersion);
        Args.notEmpty("events", events);
        List<EventData> copy = List.copyOf(events);
        for (EventData event : copy) {
            if (StreamLifecycle.STREAM_DELETED.equals(event.type())
                    || StreamLifecycle.STREAM_TOMBSTONED.equals(event.type())) {
                throw new IllegalArgumentException("events must not have the type '" + event.type() + "': it is the "
                        + "marker of StreamLifecycle's deletes, which deleteStream and tombstoneStream append");
            }
        }
        if (copy.size() > 1) {
            Set<UUID> ids = new HashSet<>(copy.size() * 2);
            for (EventData event : copy) {
                if (!ids.add(event.id())) {
                    throw new IllegalArgumentException("events must have distinct ids, but " + event.id()
                            + " appears twice");
                }
            }
        }
        return copy;
    }
}
