package dev.eventstore.jdbc.internal;

import dev.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations a database lacks and records each in a history table. The caller makes it
 * safe when two processes start at once: it holds a lock that serializes migrations, and a
 * transaction around the call, so the history and the schema change together or not at all.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Runs one script on a connection. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param connection the migration's connection, inside its transaction
         * @param script the script to run
         * @throws SQLException if the script fails
         */
        void run(Connection connection, SqlScripts.Script script) throws SQLException;
    }

    private Migrations() {
    }

    /**
     * @param connection a connection inside a transaction, holding the migration lock
     * @param historyTable the qualified name of the history table, created here if missing with the
     *     columns {@code version} (integer key), {@code description} and {@code applied_at}
     * @param scripts every known migration, in order
     * @param runner runs one script
     * @param where the database, for log lines and messages
     * @return how many migrations were applied
     * @throws SQLException if a statement fails
     * @throws EventStoreException if the database has a migration newer than this library knows
     */
    public static int applyPending(Connection connection, String historyTable, List<SqlScripts.Script> scripts,
            Runner runner, String where) throws SQLException {
        // The history table's statements are the same in every dialect; they live here.
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + historyTable
                    + " (version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)");
        }
        int current = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + historyTable)) {
            if (rows.next()) {
                current = rows.getInt(1);
            }
        }
        if (current > scripts.size()) {
            throw new EventStoreException("The event store schema in " + where + " is at version " + current
                    + ", newer than this library knows (" + scripts.size() + "); use a newer library version");
        }
        int applied = 0;
        for (SqlScripts.Script script : scripts.subList(current, scripts.size())) {
            runner.run(connection, script);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + historyTable + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, script.version());
                insert.setString(2, script.description());
                insert.setString(3, java.time.Instant.now().toString());
                insert.executeUpdate();
            }
            LOG.info("Applied event store migration {} ({}) to {}", script.version(), script.description(), where);
            applied++;
        }
        return applied;
    }
}
