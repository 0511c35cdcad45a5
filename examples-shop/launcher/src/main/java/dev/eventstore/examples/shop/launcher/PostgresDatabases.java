package dev.eventstore.examples.shop.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives services PostgreSQL databases of their own on one server: created if missing, from a URL of
 * any database on it. A service is then handed only its own database's URL.
 */
public final class PostgresDatabases {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PostgresDatabases() {
    }

    /**
     * @param serverUrl the JDBC URL of a database on the server, such as
     *     {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
     * @param database another database's name
     * @return the URL of that database, with the same host and parameters
     * @throws IllegalArgumentException if the URL is no PostgreSQL JDBC URL, or the name is not a plain
     *     lower-case identifier
     */
    public static String urlOf(String serverUrl, String database) {
        Matcher matcher = URL.matcher(serverUrl == null ? "" : serverUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--pg must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres, was: " + serverUrl);
        }
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("a database name must be a lower-case identifier, was: " + database);
        }
        return matcher.group(1) + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }

    /**
     * Creates a database unless it exists; safe when several processes try at once.
     *
     * @param serverUrl the URL of a database on the server
     * @param database the database to make sure of
     * @return its URL
     * @throws IllegalStateException if the server refuses
     */
    public static String ensure(String serverUrl, String database) {
        String url = urlOf(serverUrl, database);
        try (Connection connection = DriverManager.getConnection(serverUrl)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return url;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile
                    throw e;
                }
            }
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + database + " on " + serverUrl + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Drops a database and ends the sessions still on it.
     *
     * @param serverUrl the URL of another database on the server
     * @param database the database to drop
     * @throws IllegalStateException if the server refuses
     */
    public static void drop(String serverUrl, String database) {
        urlOf(serverUrl, database);
        try (Connection connection = DriverManager.getConnection(serverUrl);
                Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the database " + database + ": " + e.getMessage(), e);
        }
    }
}
