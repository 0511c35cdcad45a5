package dev.eventstore.jdbc.sqlite;

import dev.eventstore.EventStore;
import dev.eventstore.contract.ArchivedReadContract;
import dev.eventstore.jdbc.JdbcEventStore;

/** The read contracts through export and import, and the import rules, on SQLite files. */
class SqliteArchivedReadTest extends ArchivedReadContract {

    @Override
    protected EventStore createStore() {
        return JdbcEventStore.sqlite(directory.resolve(java.util.UUID.randomUUID() + ".db")).build();
    }
}
