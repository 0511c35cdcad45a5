package dev.eventstore.jdbc;

import dev.eventstore.RecordedEvent;
import java.sql.Connection;
import java.util.List;

/**
 * Writes a read model kept in the store's own database, on the connection of a transaction that
 * also holds the events' effects. Used two ways:
 * <ul>
 *   <li>by a {@link JdbcProjection}, which calls it once per batch, in one transaction with the
 *       projection's checkpoint (exactly once, behind the log);</li>
 *   <li>as an inline projection ({@link JdbcEventStore.Builder#inlineProjection}), which the store
 *       calls inside every append's transaction (the rows commit with the events).</li>
 * </ul>
 */
@FunctionalInterface
public interface JdbcProjectionHandler {

    /**
     * Applies events to the read model.
     *
     * @param events the events, in position order (an inline projection: one append's, in version
     *     order), at least one
     * @param connection the transaction's connection; do not commit, roll back or close it
     * @throws Exception to roll the transaction back: a projection's batch is delivered again after a
     *     back-off, an inline projection's append fails
     */
    void apply(List<RecordedEvent> events, Connection connection) throws Exception;

    /**
     * Empties the read model before a rebuild. Only {@link JdbcProjection#reset()} calls it; the
     * default refuses, so that a projection whose rows cannot be deleted is never rebuilt over them.
     *
     * @param connection the transaction that also resets the checkpoint
     * @throws Exception to abandon the rebuild; nothing is changed
     */
    default void reset(Connection connection) throws Exception {
        throw new UnsupportedOperationException("this projection cannot be rebuilt: its handler does not implement "
                + "reset(Connection)");
    }
}
