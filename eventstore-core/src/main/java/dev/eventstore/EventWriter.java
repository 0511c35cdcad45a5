package dev.eventstore;

import java.util.List;

/**
 * Appends events to streams. Implementations are safe for concurrent use.
 *
 * <h2>Atomicity</h2>
 * One call writes all its events or none. A call that throws, for whatever reason, leaves the store
 * exactly as it was.
 *
 * <h2>Idempotency</h2>
 * Event ids are chosen by the caller so that an append that may or may not have happened (a timeout,
 * a lost connection) can simply be sent again. The rule:
 * <ol>
 *   <li>If <em>none</em> of the events' ids is recorded yet, the append proceeds normally.</li>
 *   <li>If <em>all</em> of them are recorded, in the same stream, in the same order, at consecutive
 *       versions, and at the place the expected version names, the append is a retry: it writes
 *       nothing, checks no condition, and returns the result of the append that recorded them (the
 *       version and position of the last of them). "The place the expected version names" is:
 *       the first of them at version {@code n + 1} for {@code exactly(n)}, at version 1 for
 *       {@code noStream()}, and anywhere in the stream for {@code any()} and {@code streamExists()}.
 *       The stream may have moved on since: a retry still succeeds.</li>
 *   <li>Any other use of a recorded id fails with {@link DuplicateEventIdException} naming the id:
 *       some ids recorded and some new, ids recorded in another stream or another order, or at
 *       another place than the expected version names.</li>
 * </ol>
 * One append may not carry the same id twice; that is rejected as bad input.
 */
public interface EventWriter {

    /**
     * Appends events to a stream, if the stream is at the expected version.
     *
     * @param streamId the stream; created by its first append
     * @param expectedVersion the version the stream must be at; see {@link ExpectedVersion}
     * @param events the events, at least one, in the order they get versions and positions
     * @return the stream's new version and the position of the last event
     * @throws IllegalArgumentException if an argument is null or invalid (message names it), or two
     *     events share an id; nothing is written
     * @throws WrongExpectedVersionException if the stream is not at {@code expectedVersion}
     * @throws DuplicateEventIdException if an id is reused outside the idempotency rule
     * @throws EventStoreException if the store cannot complete the append (the cause says why);
     *     nothing is written
     */
    AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events);

    /**
     * Appends events to a stream under a dynamic-consistency-boundary condition: like
     * {@link #append(String, ExpectedVersion, List)}, and it also fails if any event matching
     * {@code condition.query()} was recorded after {@code condition.after()}, or, for a condition that
     * starts at the caller's own append, below it by a transaction that had not committed when that
     * append returned (see {@link AppendCondition}).
     *
     * <p>The check and the write are atomic with respect to other appends: of two appends whose
     * conditions each match the other's events, at most one succeeds. A retry that the idempotency
     * rule recognises succeeds without checking the condition (its own events would fail it).
     *
     * @param streamId the stream; created by its first append
     * @param expectedVersion the version the stream must be at; often {@link ExpectedVersion#any()}
     * @param events the events, at least one
     * @param condition the condition; see {@link AppendCondition}
     * @return the stream's new version and the position of the last event
     * @throws IllegalArgumentException if an argument is null or invalid; nothing is written
     * @throws WrongExpectedVersionException if the stream is not at {@code expectedVersion}
     * @throws AppendConditionFailedException if a matching event the caller had not seen was recorded:
     *     after {@code condition.after()}, or between {@code condition.consistentPosition()} and it
     * @throws DuplicateEventIdException if an id is reused outside the idempotency rule
     * @throws EventStoreException if the store cannot complete the append; nothing is written
     */
    AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition);
}
