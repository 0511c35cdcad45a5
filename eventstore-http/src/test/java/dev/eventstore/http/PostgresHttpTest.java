package dev.eventstore.http;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.postgres.PostgresDatabase;
import dev.eventstore.jdbc.postgres.PostgresSchema;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contracts of this module on PostgreSQL, one fresh schema per store. */
class PostgresHttpTest extends HttpBackendTest
        implements FeedContract, InboxContract, CommandContract, FeedLatencyContract {

    /** Skips (or fails, when required) without a server; drops the schemas after the class. */
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final Map<String, String> schemas = new HashMap<>();

    @Override
    protected synchronized TransactionalEventStore<?> createStore(String name) {
        String schema = schemas.computeIfAbsent(name, n -> PostgresDatabase.newSchema());
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build();
    }

    @Override
    public boolean durable() {
        return true;
    }
}
