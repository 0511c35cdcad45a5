package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.InlineProjection;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcProjectionContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteProjectionTest extends JdbcProjectionContract {

    @TempDir
    Path directory;

    @Override
    protected JdbcEventStore openStore(InlineProjection... inline) {
        SqliteEventStore.Builder builder = SqliteEventStore.builder(directory.resolve("projected.db"));
        for (InlineProjection projection : inline) {
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
