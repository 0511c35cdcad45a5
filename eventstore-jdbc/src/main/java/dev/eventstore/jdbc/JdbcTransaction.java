package dev.eventstore.jdbc;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import java.sql.Connection;
import java.util.List;

/**
 * One database transaction of a {@link JdbcEventStore}, handed to
 * {@link JdbcEventStore#inTransaction}: appends made through it and statements run on its
 * {@link #connection()} commit together or not at all.
 *
 * <p>Appends here follow every rule of {@link dev.eventstore.EventWriter#append}; the events become
 * visible to other readers and subscriptions when the transaction commits. Use it to write a read
 * model, an outbox row or any other row of the same database atomically with events.
 */
public interface JdbcTransaction {

    /**
     * @return the transaction's connection. Do not commit, roll back, close it or change its
     *     auto-commit mode: the store does that when the work returns or throws.
     */
    Connection connection();

    /**
     * Appends inside this transaction; see {@link dev.eventstore.EventWriter#append(String,
     * ExpectedVersion, List)}.
     *
     * @param streamId the stream
     * @param expectedVersion the version the stream must be at
     * @param events the events, at least one
     * @return the stream's new version and the position of the last event
     * @throws IllegalArgumentException if an argument is invalid
     * @throws dev.eventstore.WrongExpectedVersionException if the stream is not at
     *     {@code expectedVersion}
     * @throws dev.eventstore.DuplicateEventIdException if an id is reused outside the idempotency rule
     * @throws dev.eventstore.EventStoreException if the database fails; the transaction is then
     *     rolled back
     */
    AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events);

    /**
     * Appends inside this transaction under a condition; see
     * {@link dev.eventstore.EventWriter#append(String, ExpectedVersion, List, AppendCondition)}.
     *
     * @param streamId the stream
     * @param expectedVersion the version the stream must be at
     * @param events the events, at least one
     * @param condition the condition
     * @return the stream's new version and the position of the last event
     * @throws dev.eventstore.AppendConditionFailedException if the condition fails
     * @throws IllegalArgumentException if an argument is invalid
     * @throws dev.eventstore.EventStoreException if the database fails
     */
    AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition);
}
