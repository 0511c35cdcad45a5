package dev.eventstore.examples.shop.inventory;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.postgres.PostgresDatabase;
import dev.eventstore.jdbc.postgres.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inventory on PostgreSQL, in a fresh schema per test. */
class PostgresInventoryTest extends InventoryDatabaseContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    JdbcEventStore createStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }
}
