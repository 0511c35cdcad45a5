package dev.eventstore.examples.shop.orderhistory;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.EventFilter;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * "My orders, with a status timeline": a read model that joins the feeds of every other service in
 * the order history's own database. The seed's "no unified view" of event-sourced services, answered
 * without reading anyone's database: each feed has a reactor of its own whose rows commit with its
 * checkpoint (an inbox), so every entry shows once, across crashes; a service that is down only
 * delays its part of the timeline.
 *
 * <p>An order's status is the orders service's (placed, confirmed, shipped, rejected, cancelled); the
 * timeline says what every service did for it, in the order the services recorded it.
 */
public final class OrderHistory {

    /** The feeds the history follows, by name: the name of each one's reactor is {@code history-<name>}. */
    public static final Map<String, EventTypes> FEEDS = feeds();

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The longest a reader may wait for a customer's orders to change. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final String orders;
    private final String timeline;
    private final Changes changes = new Changes();

    /**
     * Creates the tables if missing.
     *
     * @param store the history's own store; the tables go beside its checkpoints (in its schema on
     *     PostgreSQL)
     * @throws IllegalStateException if they cannot be created
     */
    public OrderHistory(JdbcEventStore store) {
        this.dataSource = store.dataSource();
        String prefix = store.schema().map(s -> s + ".").orElse("");
        this.orders = prefix + "history_orders";
        this.timeline = prefix + "history_timeline";
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + orders + " (order_id VARCHAR(60) PRIMARY KEY, "
                    + "customer_id VARCHAR(60) NOT NULL, customer_name VARCHAR(200), status VARCHAR(20) NOT NULL, "
                    + "total VARCHAR(20) NOT NULL, placed_at BIGINT NOT NULL, detail VARCHAR(500))");
            ddl.execute("CREATE TABLE IF NOT EXISTS " + timeline + " (source VARCHAR(20) NOT NULL, "
                    + "position BIGINT NOT NULL, order_id VARCHAR(60) NOT NULL, at BIGINT NOT NULL, "
                    + "what VARCHAR(500) NOT NULL, PRIMARY KEY (source, position))");
            ddl.execute("CREATE INDEX IF NOT EXISTS history_timeline_order ON " + timeline + " (order_id)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the order history's tables", e);
        }
    }

    private static Map<String, EventTypes> feeds() {
        Map<String, EventTypes> feeds = new LinkedHashMap<>();
        feeds.put("orders", Feeds.ORDERS);
        feeds.put("inventory", Feeds.INVENTORY);
        feeds.put("payments", Feeds.PAYMENTS);
        feeds.put("shipping", Feeds.SHIPPING);
        return feeds;
    }

    /**
     * Starts following a feed.
     *
     * @param store the history's store, where each entry's rows commit with the checkpoint
     * @param name one of {@link #FEEDS}' names
     * @param feed that service's feed (for {@code orders}: asked for {@code OrderPlaced} version 2 or
     *     not at all; version 1 entries are upcast)
     * @return the running reactor; close it before the store
     * @throws IllegalArgumentException if the name is not one of {@link #FEEDS}
     */
    public Reactor<JdbcTransaction> follow(JdbcEventStore store, String name, EventFeed feed) {
        EventTypes reader = FEEDS.get(name);
        if (reader == null) {
            throw new IllegalArgumentException("the order history follows " + FEEDS.keySet() + ", not '" + name + "'");
        }
        return Reactor.builder("history-" + name, store)
                .source(feed)
                .filter(EventFilter.matching(Query.of(QueryItem.types(Feeds.reads(reader).toArray(String[]::new)))))
                .retry(RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .reaction((entry, ctx) -> {
                    apply(ctx.transaction().connection(), name, entry, reader.decode(entry).orElseThrow().event());
                    ctx.transaction().afterCommit(changes::changed);
                })
                .start();
    }

    /**
     * Empties the read model and moves the reactor of every feed back to the start, in one transaction:
     * the next {@link #follow} of each feed rebuilds the history from what the services serve now. After
     * a customer is forgotten (crypto-shredding in the orders service) the rebuilt history names them
     * "forgotten customer". Stop the reactors first.
     *
     * @param store the history's store
     * @throws dev.eventstore.EventStoreException if the database fails; nothing is changed then
     */
    public void rebuild(JdbcEventStore store) {
        store.inTransaction(tx -> {
            try (Statement delete = tx.connection().createStatement()) {
                delete.executeUpdate("DELETE FROM " + timeline);
                delete.executeUpdate("DELETE FROM " + orders);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot empty the order history's tables", e);
            }
            for (String name : FEEDS.keySet()) {
                store.checkpointStore().within(tx).save("history-" + name, 0);
            }
            return null;
        });
        changes.changed();
    }

    void apply(Connection connection, String source, RecordedEvent entry, Object event) throws SQLException {
        Fact fact = describe(event);
        if (event instanceof Feeds.OrderPlaced placed) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + orders
                    + " (order_id, customer_id, customer_name, status, total, placed_at) VALUES (?, ?, ?, 'PLACED', ?, ?)"
                    + " ON CONFLICT (order_id) DO NOTHING")) {
                insert.setString(1, placed.orderId());
                insert.setString(2, placed.customer().id());
                insert.setString(3, placed.customer().name());
                insert.setString(4, placed.total().toPlainString());
                insert.setLong(5, placed.placedAt().toEpochMilli());
                insert.executeUpdate();
            }
        } else if (fact.status().isPresent()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + orders
                    + " SET status = ?, detail = ? WHERE order_id = ?")) {
                update.setString(1, fact.status().get());
                update.setString(2, fact.what());
                update.setString(3, fact.orderId());
                update.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + timeline
                + " (source, position, order_id, at, what) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, position) "
                + "DO NOTHING")) {
            insert.setString(1, source);
            insert.setLong(2, entry.position());
            insert.setString(3, fact.orderId());
            // An order is placed before its publisher gets to it; the other services' steps come later.
            Instant at = event instanceof Feeds.OrderPlaced placed ? placed.placedAt() : entry.recordedAt();
            insert.setLong(4, at.toEpochMilli());
            insert.setString(5, fact.what());
            insert.executeUpdate();
        }
    }

    /**
     * What an entry of a feed means for an order, in words: a pure function.
     *
     * @param event an entry decoded by one of the {@link Feeds} readers
     * @return the order it is about, what to show, and the order's new status if it changes it
     * @throws IllegalArgumentException if the event is of no type the history reads
     */
    static Fact describe(Object event) {
        if (event instanceof Feeds.OrderPlaced e) {
            StringBuilder lines = new StringBuilder();
            for (Feeds.Line line : e.lines()) {
                lines.append(lines.length() == 0 ? "" : ", ").append(line.quantity()).append(" x ").append(line.name());
            }
            String who = e.customer().name() != null ? e.customer().name() : e.customer().id();
            return new Fact(e.orderId(), "order placed by " + who + ": " + lines + ", total " + money(e.total()),
                    Optional.of("PLACED"));
        } else if (event instanceof Feeds.OrderConfirmed e) {
            return new Fact(e.orderId(), "order confirmed", Optional.of("CONFIRMED"));
        } else if (event instanceof Feeds.OrderShipped e) {
            return new Fact(e.orderId(), "order shipped, tracking number " + e.trackingNumber(), Optional.of("SHIPPED"));
        } else if (event instanceof Feeds.OrderRejected e) {
            return new Fact(e.orderId(), "order rejected: " + e.reason(), Optional.of("REJECTED"));
        } else if (event instanceof Feeds.OrderCancelled e) {
            return new Fact(e.orderId(), "order cancelled: " + e.reason(), Optional.of("CANCELLED"));
        } else if (event instanceof Feeds.StockReserved e) {
            StringBuilder items = new StringBuilder();
            for (Feeds.Item item : e.items()) {
                items.append(items.length() == 0 ? "" : ", ").append(item.quantity()).append(" x ").append(item.sku());
            }
            return new Fact(e.orderId(), "stock reserved: " + items, Optional.empty());
        } else if (event instanceof Feeds.ReservationRefused e) {
            StringBuilder shortages = new StringBuilder();
            for (Feeds.Shortage s : e.shortages()) {
                shortages.append(shortages.length() == 0 ? "" : ", ").append(s.sku()).append(" (").append(s.requested())
                        .append(" asked, ").append(s.available()).append(" left)");
            }
            return new Fact(e.orderId(), "out of stock: " + shortages, Optional.empty());
        } else if (event instanceof Feeds.ReservationReleased e) {
            return new Fact(e.orderId(), "reserved stock put back on the shelf", Optional.empty());
        } else if (event instanceof Feeds.ReservationCommitted e) {
            return new Fact(e.orderId(), "stock taken for the shipment", Optional.empty());
        } else if (event instanceof Feeds.StockReturned e) {
            return new Fact(e.orderId(), "stock back on the shelf", Optional.empty());
        } else if (event instanceof Feeds.PaymentAuthorised e) {
            return new Fact(e.orderId(), money(e.amount()) + " authorised on the card", Optional.empty());
        } else if (event instanceof Feeds.PaymentDeclined e) {
            return new Fact(e.orderId(), "card declined: " + e.reason(), Optional.empty());
        } else if (event instanceof Feeds.PaymentCaptured e) {
            return new Fact(e.orderId(), money(e.amount()) + " charged", Optional.empty());
        } else if (event instanceof Feeds.PaymentRefunded e) {
            return new Fact(e.orderId(), money(e.amount()) + " refunded", Optional.empty());
        } else if (event instanceof Feeds.PaymentVoided e) {
            return new Fact(e.orderId(), "late authorisation of " + money(e.amount()) + " released, nothing charged",
                    Optional.empty());
        } else if (event instanceof Feeds.ShipmentScheduled e) {
            return new Fact(e.orderId(), "shipment booked, carrier due at " + CLOCK.format(e.dispatchAt()),
                    Optional.empty());
        } else if (event instanceof Feeds.ShipmentDispatched e) {
            return new Fact(e.orderId(), "parcel left with the carrier", Optional.empty());
        } else if (event instanceof Feeds.DispatchFailed e) {
            return new Fact(e.orderId(), "dispatch failed: " + e.reason(), Optional.empty());
        } else if (event instanceof Feeds.ShipmentCancelled e) {
            return new Fact(e.orderId(), "shipment called off", Optional.empty());
        }
        throw new IllegalArgumentException("the order history reads no event like " + event);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "?" : amount.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    // ------------------------------------------------------------------------------------ queries

    /**
     * @param customerId a customer
     * @return the customer's orders, oldest first; empty if none
     */
    public List<Summary> ordersOf(String customerId) {
        return select("WHERE customer_id = ? ORDER BY placed_at, order_id", customerId);
    }

    /** @return every order, oldest first */
    public List<Summary> all() {
        return select("ORDER BY placed_at, order_id", null);
    }

    /**
     * @param orderId an order
     * @return the order and its timeline
     * @throws ResourceNotFoundException if the history has heard nothing of it
     */
    public View order(String orderId) {
        List<Summary> summary = select("WHERE order_id = ?", orderId);
        List<Step> steps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT at, source, what FROM " + timeline
                        + " WHERE order_id = ? ORDER BY at, source, position")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    steps.add(new Step(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2), rows.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order history", e);
        }
        if (summary.isEmpty() && steps.isEmpty()) {
            throw new ResourceNotFoundException("no order " + orderId);
        }
        return new View(summary.isEmpty() ? null : summary.get(0), steps);
    }

    /**
     * A customer's orders with their timelines, once they differ from what the caller last saw: the
     * answer to a page that long-polls "my orders". The version is the number of timeline lines
     * shown, which only grows (lines are never removed), so it survives a restart of the history.
     *
     * @param customerId a customer
     * @param seen the version the caller has; any other value (such as -1) answers at once
     * @param wait the longest wait for a change, at most {@link #MAX_WAIT}; zero answers at once
     * @return the orders, oldest first, each with its timeline; unchanged when the wait ran out
     * @throws IllegalArgumentException if {@code wait} is negative or longer than {@link #MAX_WAIT}
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public Timelines timelinesOf(String customerId, long seen, Duration wait) throws InterruptedException {
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("wait must be 0 to " + MAX_WAIT.toSeconds() + " seconds, was: "
                    + wait.toMillis() / 1000.0);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            // Taken before the read: a change committed after the read moves the count past it.
            long count = changes.count();
            Timelines now = readTimelines(customerId);
            if (now.version() != seen || !changes.awaitChange(count, deadline)) {
                return now;
            }
        }
    }

    private Timelines readTimelines(String customerId) {
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        List<Summary> summaries = ordersOf(customerId);
        summaries.forEach(summary -> steps.put(summary.orderId(), new ArrayList<>()));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT t.order_id, t.at, t.source, t.what FROM "
                        + timeline + " t JOIN " + orders + " o ON o.order_id = t.order_id WHERE o.customer_id = ? "
                        + "ORDER BY t.at, t.source, t.position")) {
            select.setString(1, customerId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<Step> of = steps.get(rows.getString(1));
                    if (of != null) { // an order placed after the first read: the next answer shows it
                        of.add(new Step(Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3), rows.getString(4)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order history", e);
        }
        List<View> views = new ArrayList<>();
        long version = 0;
        for (Summary summary : summaries) {
            List<Step> of = steps.get(summary.orderId());
            views.add(new View(summary, of));
            version += of.size();
        }
        return new Timelines(version, views);
    }

    private List<Summary> select(String where, String argument) {
        List<Summary> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT order_id, customer_id, customer_name, "
                        + "status, total, placed_at, detail FROM " + orders + " " + where)) {
            if (argument != null) {
                select.setString(1, argument);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new Summary(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            new BigDecimal(rows.getString(5)), Instant.ofEpochMilli(rows.getLong(6)), rows.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order history", e);
        }
        return found;
    }

    /**
     * What an entry means for an order.
     *
     * @param orderId the order
     * @param what what to show
     * @param status the order's status after it, if it changes it
     */
    record Fact(String orderId, String what, Optional<String> status) {
    }

    /**
     * An order as the history knows it.
     *
     * @param orderId the order
     * @param customerId the customer's id
     * @param customerName the customer's name; null for orders placed before names were published
     * @param status the orders service's status of it
     * @param total what it costs
     * @param placedAt when it was placed
     * @param detail what the latest status change said; null while placed
     */
    public record Summary(String orderId, String customerId, String customerName, String status, BigDecimal total,
            Instant placedAt, String detail) {
    }

    /**
     * An order and its timeline.
     *
     * @param order the order; null if the history has heard of it from other services only, so far
     * @param timeline what every service did for it, in the order they recorded it
     */
    public record View(Summary order, List<Step> timeline) {
    }

    /**
     * A customer's orders with their timelines.
     *
     * @param version how many timeline lines they hold: ask again with it to wait for the next change
     * @param orders the orders, oldest first
     */
    public record Timelines(long version, List<View> orders) {
    }

    /**
     * A line of a timeline.
     *
     * @param at when the service recorded it
     * @param source which service
     * @param what what happened
     */
    public record Step(Instant at, String source, String what) {
    }
}
