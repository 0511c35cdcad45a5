package dev.eventstore.jdbc.postgres;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.model.ModelBasedContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** The model-based histories on PostgreSQL: every history gets a schema of its own. */
class PostgresModelTest extends ModelBasedContract {

    @BeforeEach
    void server() {
        PostgresDatabase.assumeAvailable();
    }

    @Override
    protected TransactionalEventStore<?> createStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @Override
    protected String backend() {
        return "PostgreSQL";
    }

    @Override
    protected int ciHistories() {
        return 250;
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
