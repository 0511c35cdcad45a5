package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransactionContract;
import org.junit.jupiter.api.AfterAll;

class PostgresTransactionTest extends JdbcTransactionContract {

    private String schema;

    @Override
    protected JdbcEventStore openStore() {
        schema = PostgresDatabase.newSchema();
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(schema).build();
    }

    @Override
    protected String table() {
        return "\"" + schema + "\".outbox";
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
