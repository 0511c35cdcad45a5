package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.PersonalDataContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.SubjectKeyStore;
import org.junit.jupiter.api.AfterAll;

/** Crypto-shredding on PostgreSQL: the events and the {@code subject_keys} table in one schema. */
class PostgresPersonalDataTest extends PersonalDataContract {

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
    }

    @Override
    protected SubjectKeyStore keysOf(EventStore store) {
        return ((JdbcEventStore) store).subjectKeyStore();
    }

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }
}
