package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.examples.shop.orderhistory.OrderHistory;
import dev.eventstore.examples.shop.orders.OrderEvent;
import dev.eventstore.examples.shop.orders.Orders;
import dev.eventstore.examples.shop.orders.OrdersContract;
import dev.eventstore.examples.shop.orders.OrdersService;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpService;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Crypto-shredding in the shop: the orders service keeps its customers' names, cards and addresses
 * encrypted; {@code forget-customer} deletes a customer's key and empties the order history, whose
 * rebuild from the orders feed then shows "forgotten customer" where the name was.
 */
class ForgetCustomerTest {

    @TempDir
    Path data;

    private static OrderEvent.OrderPlaced placed(String orderId, String customerId, String name, String address) {
        return new OrderEvent.OrderPlaced(orderId, customerId, name,
                List.of(new OrderEvent.Line("MUG-01", "Enamel mug", 2, new BigDecimal("8.00"))), new BigDecimal("16.00"),
                "4111111111111111", address, Instant.parse("2026-11-30T10:15:30Z"));
    }

    /** Records an order as the orders service does: the internal event, and the public one its publisher writes. */
    private static void record(JdbcEventStore orders, OrderEvent.OrderPlaced order) {
        EventTypes internal = Orders.types(orders.subjectKeyStore());
        EventTypes published = OrdersContract.types(orders.subjectKeyStore());
        orders.append(Orders.stream(order.orderId()), ExpectedVersion.noStream(),
                List.of(internal.encode(order, EventMetadata.empty())));
        orders.append(OrdersContract.stream(order.orderId()), ExpectedVersion.noStream(), List.of(OrdersContract.encode(
                published, OrdersContract.toPublic(order).orElseThrow(), EventMetadata.empty(), 2)));
    }

    /** Starts the order history on its database, follows the orders feed to its head, and returns the history. */
    private static OrderHistory follow(JdbcEventStore history, URI feedUrl) throws Exception {
        OrderHistory view = new OrderHistory(history);
        try (HttpEventFeed feed = HttpEventFeed.builder(feedUrl).name("orders").build();
                Reactor<JdbcTransaction> reactor = view.follow(history, "orders", feed)) {
            assertThat(reactor.awaitPosition(feed.headPosition(), Duration.ofSeconds(30))).isTrue();
        }
        return view;
    }

    @Test
    void aForgottenCustomerIsForgottenCustomerInTheRebuiltOrderHistoryAndNowhereInPlainText() throws Exception {
        String ordersUrl = "jdbc:sqlite:" + data.resolve("orders.db");
        String historyUrl = "jdbc:sqlite:" + data.resolve("order-history.db");
        try (JdbcEventStore orders = Shop.open(ordersUrl)) {
            record(orders, placed("o-1", "c-ada", "Ada Lovelace", "12 Analytical Row"));
            record(orders, placed("o-2", "c-bob", "Bob Babbage", "1 Difference Lane"));
            try (Stream<RecordedEvent> log = orders.readAll(0, Long.MAX_VALUE)) {
                assertThat(log.map(RecordedEvent::data).toList()).as("the orders log, as stored").hasSize(4)
                        .noneMatch(stored -> stored.contains("Ada Lovelace") || stored.contains("Analytical")
                                || stored.contains("4111111111111111"))
                        .allMatch(stored -> stored.contains("c-ada") || stored.contains("c-bob"));
            }

            try (HttpService service = HttpService.builder("orders", new InetSocketAddress("127.0.0.1", 0))
                    .feed(OrdersService.feed(orders, orders.subjectKeyStore())).start()) {
                URI feed = URI.create("http://127.0.0.1:" + service.port() + "/feed");
                try (JdbcEventStore history = Shop.open(historyUrl)) {
                    OrderHistory view = follow(history, feed);
                    assertThat(view.ordersOf("c-ada")).singleElement()
                            .satisfies(order -> assertThat(order.customerName()).isEqualTo("Ada Lovelace"));
                }

                int exit = new CommandLine(new Shop()).execute("forget-customer", "c-ada", "--orders-db", ordersUrl,
                        "--history-db", historyUrl);
                assertThat(exit).isZero();

                try (JdbcEventStore history = Shop.open(historyUrl)) {
                    assertThat(new OrderHistory(history).all()).as("emptied by forget-customer").isEmpty();
                    OrderHistory view = follow(history, feed);
                    assertThat(view.ordersOf("c-ada")).singleElement()
                            .satisfies(order -> assertThat(order.customerName()).isEqualTo("forgotten customer"));
                    assertThat(view.order("o-1").timeline()).extracting(OrderHistory.Step::what)
                            .containsExactly("order placed by forgotten customer: 2 x Enamel mug, total 16.00");
                    assertThat(view.ordersOf("c-bob")).singleElement()
                            .satisfies(order -> assertThat(order.customerName()).isEqualTo("Bob Babbage"));
                }
            }
            try (Stream<RecordedEvent> log = orders.readCategory("order", 0, Long.MAX_VALUE)) {
                EventTypes internal = Orders.types(orders.subjectKeyStore());
                List<OrderEvent.OrderPlaced> read = log.map(e -> internal.decode(e, OrderEvent.OrderPlaced.class)
                        .orElseThrow().event()).toList();
                assertThat(read.get(0)).isEqualTo(new OrderEvent.OrderPlaced("o-1", "c-ada", "[forgotten]",
                        read.get(0).lines(), new BigDecimal("16.00"), "[forgotten]", "[forgotten]", read.get(0).placedAt()));
                assertThat(read.get(1).customerName()).isEqualTo("Bob Babbage");
            }
        }
    }
}
