/**
 * The event store API, the in-memory store, and the base for writing stores.
 *
 * <p>Exported: {@code dev.eventstore} (the API), {@code dev.eventstore.memory} (the in-memory store)
 * and {@code dev.eventstore.spi} (for store authors). {@code dev.eventstore.internal} is not API.
 */
module dev.eventstore.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.eventstore;
    exports dev.eventstore.memory;
    exports dev.eventstore.spi;
    exports dev.eventstore.internal to dev.eventstore.jdbc;
}
