package dev.eventstore.jdbc.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run as a separate process by the tests: takes SQLite's write lock on a file, says "locked" on
 * standard output, and holds the lock until its standard input closes.
 */
public final class HoldWriteLock {

    private HoldWriteLock() {
    }

    /**
     * @param args the database file
     * @throws Exception if the lock cannot be taken
     */
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the parent to close our input.
            }
            statement.execute("ROLLBACK");
        }
    }
}
