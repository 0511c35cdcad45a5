package dev.eventstore.examples.bank;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.postgres.PostgresDatabase;
import dev.eventstore.jdbc.postgres.PostgresEventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The bank on PostgreSQL ({@code EVENTSTORE_PG_URL}): a schema of its own for each test, holding the
 * store's tables and the bank's, dropped when the class ends. Skipped loudly without a server; failed
 * when {@code EVENTSTORE_PG_REQUIRED=true}.
 */
class PostgresBankTest extends BankContract {

    private String schema;

    @BeforeEach
    void newSchema() {
        PostgresDatabase.assumeAvailable();
        schema = PostgresDatabase.newSchema();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    @Override
    protected JdbcEventStore openStore() {
        return PostgresEventStore.builder(PostgresDatabase.pool()).schema(schema).build();
    }
}
