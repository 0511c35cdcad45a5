/**
 * The event store API, typed events, aggregates, snapshots, projections, the in-memory store, and the
 * base for writing stores.
 *
 * <p>Exported: {@code dev.eventstore} (the API), {@code dev.eventstore.typed} (event types, the
 * Jackson codec, upcasters, metadata), {@code dev.eventstore.aggregate} (deciders, the command
 * handler, snapshots), {@code dev.eventstore.projection} (projections, their runner, checkpoints),
 * {@code dev.eventstore.memory} (the in-memory store, snapshot store and checkpoint store),
 * {@code dev.eventstore.metrics} (what stores and consumers report; Micrometer, optional) and
 * {@code dev.eventstore.spi} (for store authors). {@code dev.eventstore.internal} is not API.
 */
module dev.eventstore.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports dev.eventstore;
    exports dev.eventstore.typed;
    exports dev.eventstore.aggregate;
    exports dev.eventstore.projection;
    exports dev.eventstore.reactor;
    exports dev.eventstore.memory;
    exports dev.eventstore.spi;
    exports dev.eventstore.metrics;
    exports dev.eventstore.internal to dev.eventstore.jdbc;
}
