package dev.eventstore.jdbc;

import dev.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a read model kept in the store's own database. {@link JdbcProjection} calls it inside one
 * transaction per batch, together with the checkpoint.
 */
public interface JdbcProjectionHandler {

    /**
     * Applies a batch of events to the read model.
     *
     * @param events the events, in position order, at least one
     * @param connection the batch's transaction; do not commit, roll back or close it
     * @throws Exception to roll the batch back; it is delivered again after a back-off
     */
    void apply(List<RecordedEvent> events, Connection connection) throws Exception;

    /**
     * Empties the read model before a rebuild.
     *
     * @param connection the transaction that also resets the checkpoint
     * @throws Exception to abandon the rebuild; nothing is changed
     */
    void reset(Connection connection) throws Exception;
}
