package dev.eventstore.jdbc.postgres;

import dev.eventstore.EventStore;
import dev.eventstore.contract.PersonalDataContract;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.SubjectKeysInTransactionsContract;
import dev.eventstore.typed.SubjectKeyStore;
import org.junit.jupiter.api.AfterAll;

/** Crypto-shredding on PostgreSQL: the events and the {@code subject_keys} table in one schema. */
class PostgresPersonalDataTest extends PersonalDataContract implements SubjectKeysInTransactionsContract {

    private JdbcEventStore made;

    @Override
    protected EventStore createStore() {
        made = JdbcEventStore.postgres(PostgresDatabase.pool()).schema(PostgresDatabase.newSchema()).build();
        return made;
    }

    @Override
    public JdbcEventStore store() {
        return made;
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
