package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for each test of a class, all dropped when the class ends; the tests
 * skip (or fail, when required) without a server. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresSchema SCHEMA = new PostgresSchema();
 * ... JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()) ...
 * }</pre>
 */
public final class PostgresSchema implements BeforeEachCallback, AfterAllCallback {

    private volatile String name;

    /** @return the schema of the running test */
    public String name() {
        if (name == null) {
            throw new IllegalStateException("no test is running: the schema is made before each test");
        }
        return name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresDatabase.assumeAvailable();
        name = PostgresDatabase.newSchema();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        name = null;
        PostgresDatabase.dropSchemas();
    }
}
