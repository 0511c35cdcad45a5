package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjectionContract;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresProjectionTest extends JdbcProjectionContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore(JdbcProjectionHandler... inline) {
        JdbcEventStore.PostgresBuilder builder = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name());
        for (JdbcProjectionHandler projection : inline) {
            builder.inlineProjection(projection);
        }
        return builder.build();
    }

    @Override
    protected List<String> workerArguments() {
        return List.of("postgres", PostgresDatabase.url(), SCHEMA.name());
    }

    @Override
    protected String ledgerTable() {
        return "\"" + SCHEMA.name() + "\".ledger";
    }
}
