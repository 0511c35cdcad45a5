package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.contract.CheckpointStoreContract;
import dev.eventstore.projection.CheckpointStore;
import org.junit.jupiter.api.AfterAll;

/** The checkpoint contract on PostgreSQL's {@code checkpoints} table. */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {

    private static JdbcEventStore store;

    @Override
    protected CheckpointStore createStore() {
        if (store == null) {
            store = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
        }
        return store.checkpointStore();
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
