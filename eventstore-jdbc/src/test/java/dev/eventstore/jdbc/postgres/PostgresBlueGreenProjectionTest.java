package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.BlueGreenProjectionContract;
import dev.eventstore.jdbc.JdbcEventStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresBlueGreenProjectionTest extends BlueGreenProjectionContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }
}
