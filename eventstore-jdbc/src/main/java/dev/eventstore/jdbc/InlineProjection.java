package dev.eventstore.jdbc;

import dev.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A read model kept up to date inside each append's own transaction: its rows commit with the
 * events or not at all, and a reader never sees one without the other. Register it when building the
 * store. It runs for every successful append that writes events (not for a retry that the
 * idempotency rule recognises, which writes nothing), so it should be quick and select the events
 * it cares about itself.
 */
@FunctionalInterface
public interface InlineProjection {

    /**
     * @param events the events just appended to one stream, in version order
     * @param connection the append's transaction; do not commit, roll back or close it
     * @throws SQLException to fail the append: nothing of it is written
     */
    void apply(List<RecordedEvent> events, Connection connection) throws SQLException;
}
