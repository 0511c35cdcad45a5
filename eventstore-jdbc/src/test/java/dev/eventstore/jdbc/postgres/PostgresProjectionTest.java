package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.InlineProjection;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjectionContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

class PostgresProjectionTest extends JdbcProjectionContract {

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
    protected JdbcEventStore openStore(InlineProjection... inline) {
        PostgresEventStore.Builder builder = PostgresEventStore.builder(PostgresDatabase.pool()).schema(schema);
        for (InlineProjection projection : inline) {
            builder.inlineProjection(projection);
        }
        return builder.build();
    }

    @Override
    protected List<String> workerArguments() {
        return List.of("postgres", PostgresDatabase.url(), schema);
    }

    @Override
    protected String ledgerTable() {
        return "\"" + schema + "\".ledger";
    }
}
