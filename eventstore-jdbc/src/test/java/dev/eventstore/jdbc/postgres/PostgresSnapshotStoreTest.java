package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.aggregate.SnapshotStore;
import dev.eventstore.contract.SnapshotStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The snapshot contract on PostgreSQL's {@code snapshots} table. */
class PostgresSnapshotStoreTest extends SnapshotStoreContract {

    private static JdbcEventStore store;

    @Override
    protected SnapshotStore createStore() {
        if (store == null) {
            store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
        }
        return store.snapshotStore();
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
