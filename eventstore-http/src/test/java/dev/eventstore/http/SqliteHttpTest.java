package dev.eventstore.http;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contracts of this module on SQLite files, one file per store. */
class SqliteHttpTest extends HttpBackendTest
        implements FeedContract, InboxContract, CommandContract, FeedLatencyContract {

    @TempDir
    Path directory;

    @Override
    protected TransactionalEventStore<?> createStore(String name) {
        return JdbcEventStore.sqlite(directory.resolve(name + ".db")).build();
    }

    @Override
    public boolean durable() {
        return true;
    }
}
