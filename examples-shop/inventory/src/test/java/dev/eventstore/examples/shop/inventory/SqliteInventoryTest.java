package dev.eventstore.examples.shop.inventory;

import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The inventory on a SQLite file. */
class SqliteInventoryTest extends InventoryDatabaseContract {

    @TempDir
    Path directory;

    @Override
    JdbcEventStore createStore() {
        return JdbcEventStore.sqlite(directory.resolve("inventory.db")).build();
    }
}
