package dev.eventstore.examples.shop.orders;

import dev.eventstore.jdbc.JdbcEventStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The orders service's own copy of the catalog: products and prices, kept in its own database from
 * the catalog's feed (no service reads another's database). Orders are priced from it, so placing an
 * order needs no call to the catalog; a product listed a moment ago may not be here yet, and is then
 * unknown for that moment.
 */
public final class PriceList {

    private final DataSource dataSource;
    private final String table;

    /**
     * Creates the table if missing.
     *
     * @param store the service's store; the table goes beside its events (in its schema on PostgreSQL)
     * @throws IllegalStateException if it cannot be created
     */
    public PriceList(JdbcEventStore store) {
        this.dataSource = store.dataSource();
        this.table = store.schema().map(s -> s + ".").orElse("") + "orders_price_list";
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (sku VARCHAR(40) PRIMARY KEY, name VARCHAR(200) NOT NULL, price VARCHAR(20) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the price list table " + table, e);
        }
    }

    /**
     * Records a product or its new price, inside the inbox's transaction.
     *
     * @param connection the transaction's connection
     * @param sku the product
     * @param name its name; null to keep the one known
     * @param price its price
     * @throws SQLException if the database fails
     */
    void put(Connection connection, String sku, String name, BigDecimal price) throws SQLException {
        String sql = name == null
                ? "UPDATE " + table + " SET price = ? WHERE sku = ?"
                : "INSERT INTO " + table + " (price, sku, name) VALUES (?, ?, ?) ON CONFLICT (sku) DO UPDATE SET "
                        + "name = excluded.name, price = excluded.price";
        try (PreparedStatement put = connection.prepareStatement(sql)) {
            put.setString(1, price.toPlainString());
            put.setString(2, sku);
            if (name != null) {
                put.setString(3, name);
            }
            put.executeUpdate();
        }
    }

    /**
     * @param sku a product
     * @return it, if the catalog has published it
     */
    public Optional<Product> find(String sku) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT sku, name, price FROM " + table
                        + " WHERE sku = ?")) {
            select.setString(1, sku);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Product(row.getString(1), row.getString(2),
                        new BigDecimal(row.getString(3)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the price list", e);
        }
    }

    /** @return every product known, by SKU */
    public List<Product> all() {
        List<Product> products = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT sku, name, price FROM " + table
                        + " ORDER BY sku");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                products.add(new Product(rows.getString(1), rows.getString(2), new BigDecimal(rows.getString(3))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the price list", e);
        }
        return products;
    }

    /**
     * A product as the catalog last published it.
     *
     * @param sku its code
     * @param name its name
     * @param price its price
     */
    public record Product(String sku, String name, BigDecimal price) {
    }
}
