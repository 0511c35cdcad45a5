package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.EventStoreContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract suite on PostgreSQL: every test gets a store in a fresh schema.
 *
 * <p>Notifications are off here. The NOTIFY a store sends after each append is a short write
 * transaction of its own, and log readers wait for every write transaction that started before an
 * event's (see {@link PostgresEventStore}); several contract tests read the log right after
 * appending, as a single process would, and would depend on that transaction's timing. The
 * notification path has tests of its own ({@code PostgresLatencyTest}, {@code
 * PostgresConnectionLossTest}).
 */
class PostgresEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore createStore() {
        return PostgresEventStore.builder(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema())
                .notifications(false).build();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
