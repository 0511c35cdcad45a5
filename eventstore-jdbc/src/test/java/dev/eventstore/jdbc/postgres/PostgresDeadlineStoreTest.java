package dev.eventstore.jdbc.postgres;

import dev.eventstore.contract.DeadlineStoreContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.reactor.DeadlineStore;
import org.junit.jupiter.api.AfterAll;

/** The deadline contract on PostgreSQL's {@code deadlines} table. */
class PostgresDeadlineStoreTest extends DeadlineStoreContract {

    private static JdbcEventStore store;

    @Override
    protected DeadlineStore createStore() {
        if (store == null) {
            store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
        }
        return store.deadlineStore();
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
        PostgresDatabase.dropSchemas();
    }
}
