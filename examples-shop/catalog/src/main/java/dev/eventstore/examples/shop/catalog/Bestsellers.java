package dev.eventstore.examples.shop.catalog;

import dev.eventstore.EventFilter;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.reactor.Reactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What sells: units ordered and distinct customers per product, read from the orders service's feed
 * into the catalog's own tables. An inbox: each entry's rows commit with the reactor's checkpoint, so
 * every order counts once across crashes.
 */
public final class Bestsellers {

    /** The name of the reactor following the orders feed, which is also its checkpoint's. */
    public static final String INBOX = "catalog-orders-inbox";

    private final DataSource dataSource;
    private final String units;
    private final String buyers;
    private final String addUnits;

    /**
     * Creates the tables if missing.
     *
     * @param store the catalog's store; the tables go beside its events (in its schema on PostgreSQL)
     * @throws IllegalStateException if they cannot be created
     */
    public Bestsellers(JdbcEventStore store) {
        this.dataSource = store.dataSource();
        String prefix = store.schema().map(s -> s + ".").orElse("");
        this.units = prefix + "catalog_units_ordered";
        this.buyers = prefix + "catalog_buyers";
        // In an upsert, the row already there is named by the table's unqualified name.
        this.addUnits = "INSERT INTO " + units + " (sku, units, orders) VALUES (?, ?, 1) ON CONFLICT (sku) DO UPDATE "
                + "SET units = catalog_units_ordered.units + excluded.units, orders = catalog_units_ordered.orders + 1";
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + units
                    + " (sku VARCHAR(40) PRIMARY KEY, units BIGINT NOT NULL, orders BIGINT NOT NULL)");
            ddl.execute("CREATE TABLE IF NOT EXISTS " + buyers
                    + " (sku VARCHAR(40) NOT NULL, customer VARCHAR(200) NOT NULL, PRIMARY KEY (sku, customer))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bestseller tables", e);
        }
    }

    /**
     * Starts following the orders feed.
     *
     * @param store the catalog's store, where the checkpoint and the rows commit
     * @param orders the orders service's feed, asked for {@code OrderPlaced} version
     *     {@value OrdersFeed#ORDER_PLACED_VERSION}
     * @return the running inbox; close it before the store
     */
    public Reactor<JdbcTransaction> follow(JdbcEventStore store, EventFeed orders) {
        return Reactor.builder(INBOX, store)
                .source(orders)
                .filter(EventFilter.matching(Query.of(QueryItem.types("OrderPlaced"))))
                .retry(Catalog.RETRY)
                // Two of every order's three entries are not for it: save their checkpoint once a second.
                .checkpointInterval(Duration.ofSeconds(1))
                .reaction((entry, ctx) -> record(ctx.transaction().connection(),
                        OrdersFeed.TYPES.decode(entry, OrdersFeed.OrderPlaced.class).orElseThrow().event()))
                .start();
    }

    void record(Connection connection, OrdersFeed.OrderPlaced placed) throws SQLException {
        for (OrdersFeed.Line line : placed.lines()) {
            try (PreparedStatement add = connection.prepareStatement(addUnits)) {
                add.setString(1, line.sku());
                add.setLong(2, line.quantity());
                add.executeUpdate();
            }
            try (PreparedStatement buyer = connection.prepareStatement("INSERT INTO " + buyers
                    + " (sku, customer) VALUES (?, ?) ON CONFLICT (sku, customer) DO NOTHING")) {
                buyer.setString(1, line.sku());
                buyer.setString(2, placed.customer());
                buyer.executeUpdate();
            }
        }
    }

    /** @return every product ordered, most units first */
    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT u.sku, u.units, u.orders, "
                        + "(SELECT COUNT(*) FROM " + buyers + " b WHERE b.sku = u.sku) FROM " + units
                        + " u ORDER BY u.units DESC, u.sku");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(new Entry(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the bestsellers", e);
        }
        return entries;
    }

    /**
     * A product's sales.
     *
     * @param sku the product
     * @param units units ordered
     * @param orders orders that held it
     * @param customers distinct customers who ordered it
     */
    public record Entry(String sku, long units, long orders, long customers) {
    }
}
