package dev.eventstore.jdbc.postgres;

import dev.eventstore.jdbc.ConsumerGroupKillContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A consumer group of processes on PostgreSQL, a member killed and one added. */
class PostgresConsumerGroupKillTest extends ConsumerGroupKillContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected JdbcEventStore openStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(SCHEMA.name()).build();
    }

    @Override
    protected List<String> memberArguments() {
        return List.of("postgres", PostgresDatabase.url(), SCHEMA.name());
    }

    @Override
    protected String backend() {
        return "PostgreSQL";
    }

    @Override
    protected String createHandled(String table) {
        return "CREATE TABLE " + table + " (seq BIGSERIAL PRIMARY KEY, position BIGINT NOT NULL, "
                + "stream_id TEXT NOT NULL, version BIGINT NOT NULL, member TEXT NOT NULL)";
    }
}
