package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.JdbcProjectionHandler;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjectionContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteProjectionTest extends JdbcProjectionContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore(JdbcProjectionHandler... inline) {
        JdbcEventStore.SqliteBuilder builder = JdbcEventStore.sqlite(directory.resolve("projected.db"));
        for (JdbcProjectionHandler projection : inline) {
            builder.inlineProjection(projection);
        }
        return builder.build();
    }

    @Override
    protected List<String> workerArguments() {
        return List.of("sqlite", directory.resolve("projected.db").toString());
    }

    @Override
    protected String ledgerTable() {
        return "ledger";
    }
}
