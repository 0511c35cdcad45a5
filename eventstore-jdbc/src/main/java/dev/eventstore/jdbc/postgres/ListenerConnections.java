package dev.eventstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * Where the connection that LISTENs comes from. LISTEN holds its connection for the store's
 * lifetime, so it should not take one of the pool's: for a HikariCP pool with a JDBC URL, a
 * connection of its own is opened with the pool's URL and credentials; for any other data source, one
 * is taken from it for good.
 */
final class ListenerConnections {

    private ListenerConnections() {
    }

    static Callable<Connection> of(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            Properties properties = new Properties();
            properties.putAll(hikari.getDataSourceProperties());
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            String url = hikari.getJdbcUrl();
            return () -> new org.postgresql.Driver().connect(url, properties);
        }
        return dataSource::getConnection;
    }
}
