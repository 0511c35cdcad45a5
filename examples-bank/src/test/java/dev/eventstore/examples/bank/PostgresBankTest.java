package dev.eventstore.examples.bank;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.postgres.PostgresDatabase;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.postgres.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bank on PostgreSQL ({@code EVENTSTORE_PG_URL}): a schema of its own for each test, holding the
 * store's tables and the bank's, dropped when the class ends. Skipped loudly without a server; failed
 * when {@code EVENTSTORE_PG_REQUIRED=true}.
 */
class PostgresBankTest extends BankContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }
}
