package dev.eventstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The peer measured beside the store: Axon Framework 4's JDBC event storage engine on PostgreSQL, set
 * up as its reference guide describes for a plain (non-Spring) application.
 *
 * <ul>
 *   <li>Its own tables ({@code domainevententry}, {@code snapshotevententry}), made by its
 *       {@link PostgresEventTableFactory}: {@code globalIndex BIGSERIAL} primary key, {@code bytea}
 *       payload and metadata (not large objects), {@code UNIQUE (aggregateIdentifier, sequenceNumber)}
 *       and {@code UNIQUE (eventIdentifier)}; in a schema of its own, the pool's search path.</li>
 *   <li>Connections from a HikariCP pool through Axon's {@code DataSourceConnectionProvider}, wrapped
 *       so that a unit of work would share one; no transaction manager (plain JDBC: each engine call
 *       is its own transaction, and a batch of inserts commits as one).</li>
 *   <li>{@link JacksonSerializer} for events, metadata and snapshots. Axon's default is XStream, which
 *       writes XML, needs a type allow-list to be safe and reflective access that Java 17 denies by
 *       default; Jackson writes the same JSON payload the store is given, so both sides store and
 *       parse the same bytes.</li>
 *   <li>The pool sets pgjdbc's {@code reWriteBatchedInserts}, as the raw baseline's does: the engine
 *       appends with a JDBC batch, which this turns into multi-row inserts.</li>
 * </ul>
 *
 * <p>An append to an aggregate of unknown length asks the engine for its last sequence number first
 * ({@code lastSequenceNumberFor}) and appends after it: the nearest Axon has to the store's
 * {@code ExpectedVersion.any()}, and a second round trip and transaction. What Axon does not promise
 * that the store does: an append repeated with the same event ids fails on the unique index instead of
 * returning the first result (no idempotency rule), and its global index comes from a sequence, so it
 * has gaps and commits out of order. Its tracking readers keep a list of gaps and look for them
 * again, but drop a gap once it is older than {@code gapTimeout} (one minute by default) or more than
 * {@code maxGapOffset} (10,000) positions behind: an event that commits later than that is never
 * delivered. The store's log readers never skip.
 */
final class AxonJdbc implements AutoCloseable {

    /** The application name of Axon's sessions, for {@link WaitEventSampler}. */
    static final String APPLICATION = "eventstore-bench-axon";
    /** Axon's aggregate type column: the aggregate's name. */
    static final String AGGREGATE_TYPE = "Account";

    private static final MetaData METADATA = MetaData.with("correlationId", Fixtures.CORRELATION_ID);

    private final String schema;
    private final HikariDataSource pool;
    private final JdbcEventStorageEngine engine;

    /**
     * @param schema the schema to create (dropped first if it exists) and drop on close
     * @param batchSize how many events the engine reads per query
     */
    AxonJdbc(String schema, int batchSize) {
        this.schema = schema;
        Fixtures.dropSchema(schema);
        Fixtures.execute("CREATE SCHEMA \"" + schema + "\"");
        this.pool = Fixtures.postgresPool("axon-" + schema, APPLICATION, config -> {
            config.setSchema(schema);
            config.addDataSourceProperty("reWriteBatchedInserts", true);
        });
        Serializer serializer = JacksonSerializer.defaultSerializer();
        this.engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(pool)))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(batchSize)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
    }

    JdbcEventStorageEngine engine() {
        return engine;
    }

    /** Appends events after the aggregate's last one, as {@code ExpectedVersion.any()} would. */
    void append(String aggregateId, List<MoneyWithdrawn> payloads) {
        long next = engine.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        List<DomainEventMessage<?>> messages = new ArrayList<>(payloads.size());
        for (MoneyWithdrawn payload : payloads) {
            messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, next++, payload, METADATA));
        }
        engine.appendEvents(messages);
    }

    /** Closes the pool and drops the schema. */
    @Override
    public void close() {
        pool.close();
        Fixtures.dropSchema(schema);
    }
}
