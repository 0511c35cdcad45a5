package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.KilledWriterContract;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A writer process killed mid-append, on PostgreSQL. */
class PostgresKilledWriterTest extends KilledWriterContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }

    @Override
    protected List<String> writerArguments() {
        return List.of("postgres", PostgresDatabase.url(), SCHEMA.name());
    }

    @Override
    protected String backend() {
        return "PostgreSQL";
    }
}
