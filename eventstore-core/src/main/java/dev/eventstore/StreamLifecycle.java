package dev.eventstore;

import java.util.Optional;

/**
 * Ending and shortening streams: soft delete, hard delete (tombstone), truncation, and retention
 * applied by a scavenge. Every store of this library offers it ({@code InMemoryEventStore},
 * {@code JdbcEventStore} on SQLite and PostgreSQL), with the semantics below, checked by one contract
 * suite.
 *
 * <h2>What each operation does, and what subscribers see</h2>
 * <table>
 *   <caption>Operations</caption>
 *   <tr><th>operation</th><th>stream reads</th><th>appends afterwards</th><th>the log and its
 *       subscribers</th></tr>
 *   <tr><td>{@link #deleteStream} (soft)</td><td>not found: empty, version 0</td><td>{@code noStream()}
 *       (or {@code any()}) starts it again; its versions continue after the marker</td><td>a marker
 *       event {@value #STREAM_DELETED} is appended to the stream; the stream's events stay in the log
 *       until a scavenge</td></tr>
 *   <tr><td>{@link #tombstoneStream} (hard)</td><td>not found: empty, version 0</td><td>every one fails
 *       with {@link StreamDeletedException}</td><td>a marker event {@value #STREAM_TOMBSTONED} is appended
 *       to the stream; its events stay in the log until a scavenge</td></tr>
 *   <tr><td>{@link #truncateStream}</td><td>from the given version on; the version is unchanged</td>
 *       <td>unchanged</td><td>nothing: the events stay in the log until a scavenge</td></tr>
 *   <tr><td>{@link #scavenge} (with {@link #setRetention})</td><td>as above</td><td>unchanged</td>
 *       <td>nothing: events no stream read can return any more are removed from storage; reads of the
 *       log pass over their positions</td></tr>
 * </table>
 *
 * <h2>Why versions continue after a soft delete</h2>
 * A stream started again after a soft delete gets versions after the delete marker's, not 1, 2, 3
 * again. So a (stream, version) pair names one event for ever: projections, checkpoints, snapshots and
 * logs that quote "account-42 at version 3" never become ambiguous, the database's unique
 * (stream, version) constraint stays as it is, and the old events can stay in the log for projections
 * until a scavenge. Callers see no difference: a stream that reads as not found accepts
 * {@code noStream()}, and the append's result names the version to expect next.
 *
 * <h2>The position invariant</h2>
 * The markers are appended like any event, so they take positions in commit order. Truncation and
 * retention only move the start of a stream's reads; a scavenge only removes events, and positions are
 * never handed out twice (a stream's last event, which holds its version, is never removed, so the
 * highest position is never freed). A reader of the log that is behind a scavenge simply does not meet
 * the removed events: the log has holes where they were, and holes never hold a reader back.
 */
public interface StreamLifecycle {

    /**
     * The type of the marker event a soft delete appends to the stream. Its data is an empty JSON object;
     * the stream's events before it, up to its version - 1, are the deleted ones.
     */
    String STREAM_DELETED = "$StreamDeleted";

    /** The type of the marker event a hard delete appends to the stream. Its data is an empty JSON object. */
    String STREAM_TOMBSTONED = "$StreamTombstoned";

    /**
     * Soft-deletes a stream: it reads as not found (empty, version 0) until it is appended to again,
     * which {@code noStream()} allows; the new events continue its versions (see the class comment). A
     * marker event of type {@value #STREAM_DELETED} is appended to the stream, so that readers of the
     * log and of its category learn of the delete; stream reads do not return it. The stream's events
     * stay in the log (readable by position, by category, by query, and by id) until a
     * {@link #scavenge} removes them. A retry of an append recorded before the delete is still
     * recognised by its event ids and returns its first result, as long as no scavenge removed those
     * events.
     *
     * @param streamId the stream
     * @param expectedVersion the version the stream must be at, as for an append: {@code any()},
     *     {@code streamExists()} or {@code exactly(n)} with n at least 1
     * @return the version and position of the marker; the stream's next append expecting an exact
     *     version names {@code noStream()}, its next version is this result's version + 1
     * @throws IllegalArgumentException if {@code streamId} is invalid, or {@code expectedVersion} is
     *     null or names no stream ({@code noStream()}: there would be nothing to delete)
     * @throws WrongExpectedVersionException if the stream does not exist (it reads as not found), or
     *     is not at {@code expectedVersion}; nothing is written
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws EventStoreException if the store cannot complete it; nothing is written
     */
    AppendResult deleteStream(String streamId, ExpectedVersion expectedVersion);

    /**
     * Hard-deletes a stream: it reads as not found, and every later append to it, by any path, fails
     * with {@link StreamDeletedException}, including appends that race the delete (they queue behind
     * it and then fail). A marker event of type {@value #STREAM_TOMBSTONED} is appended to the stream;
     * its events stay in the log until a {@link #scavenge} removes them (the marker itself stays). A
     * stream that does not exist can be tombstoned, to reserve its id.
     *
     * @param streamId the stream
     * @param expectedVersion the version the stream must be at, as for an append
     * @return the version and position of the marker
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws WrongExpectedVersionException if the stream is not at {@code expectedVersion}
     * @throws StreamDeletedException if the stream is already tombstoned
     * @throws EventStoreException if the store cannot complete it; nothing is written
     */
    AppendResult tombstoneStream(String streamId, ExpectedVersion expectedVersion);

    /**
     * Truncates a stream before a version: stream reads return only its events at
     * {@code beforeVersion} and above; its version does not change. The earlier events stay in the log
     * until a {@link #scavenge} removes them. Truncation only moves forward: a lower
     * {@code beforeVersion} than the stream's current start changes nothing.
     *
     * <p>An aggregate is loaded from its latest snapshot plus the events after it, so truncating past
     * the latest snapshot would lose state: unless {@code force} is set, this refuses to truncate
     * above the latest snapshot's version + 1 (and, without a snapshot, at all). A snapshot whose
     * schema version the state type no longer has is rebuilt from events: after a truncation it can no
     * longer be, so take a new snapshot before changing the state's schema.
     *
     * @param streamId the stream
     * @param beforeVersion the first version stream reads still return; at least 1, at most the
     *     stream's version + 1 (which hides every event)
     * @param force true to truncate whatever the snapshots say
     * @return the first version stream reads return after this call
     * @throws IllegalArgumentException if {@code streamId} is invalid, or {@code beforeVersion} is
     *     below 1 or above the stream's version + 1
     * @throws IllegalStateException if {@code force} is false and the stream's latest snapshot (or its
     *     lack) does not cover the events that would be hidden; the message names the stream, the
     *     version and the snapshot's version
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws EventStoreException if the store cannot complete it
     */
    long truncateStream(String streamId, long beforeVersion, boolean force);

    /**
     * Sets or replaces the retention policy of a category; the next {@link #scavenge} applies it.
     *
     * @param category the category, for example {@code account}
     * @param policy the policy; null removes the category's policy
     * @throws IllegalArgumentException if {@code category} is invalid
     * @throws EventStoreException if the store cannot record it
     */
    void setRetention(String category, RetentionPolicy policy);

    /**
     * @param category the category
     * @return the category's retention policy; empty if it has none
     * @throws IllegalArgumentException if {@code category} is invalid
     */
    Optional<RetentionPolicy> retention(String category);

    /**
     * Applies the retention policies (each expired event truncates its stream past it), then removes
     * from storage every event that no stream read can return any more: events before a stream's
     * truncation, of soft-deleted and of tombstoned streams, except each stream's last event, which
     * keeps its version (and, for a deleted stream, its marker). Then it gives the space back: on SQLite
     * with {@code VACUUM} (the file shrinks; it needs free disk space of about the file's size and
     * blocks writers while it runs), on PostgreSQL with {@code VACUUM} (the space is reused by new
     * events; with {@code compact}, {@code VACUUM FULL} rewrites the table and returns the space to the
     * operating system, holding an exclusive lock on the events table meanwhile).
     *
     * <p>Afterwards, reads of the log and subscriptions pass over the removed positions; event ids of
     * removed events are no longer recorded (a retry of their append would append again).
     *
     * @param compact on PostgreSQL, true for {@code VACUUM FULL}; SQLite always compacts; ignored in
     *     memory
     * @return what was removed, the storage size before and after, and the time taken
     * @throws EventStoreException if the store cannot complete it; what was already removed stays removed
     */
    ScavengeResult scavenge(boolean compact);
}
