package dev.eventstore.examples.shop.orderhistory;

import dev.eventstore.http.ResourceNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.reactor.Reactor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history joins four feeds into one timeline per order, once per entry, across a restart. */
class OrderHistoryTest {

    @TempDir
    Path directory;

    /** A feed of fixed entries, as a consumer would receive them from another service. */
    private static final class ListFeed implements EventFeed {
        // Written by the test while the reactor reads it.
        private final List<RecordedEvent> entries = new CopyOnWriteArrayList<>();

        ListFeed add(String type, int version, String data, Instant at) {
            long position = 10 * (entries.size() + 1);
            entries.add(new RecordedEvent(UUID.randomUUID(), "public-x", 1, position, type, data,
                    "{\"$schemaVersion\":" + version + "}", Set.of(), at));
            return this;
        }

        @Override
        public List<RecordedEvent> read(long afterPosition, int limit) {
            return entries.stream().filter(e -> e.position() > afterPosition).limit(limit).toList();
        }

        @Override
        public long headPosition() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).position();
        }
    }

    @Test
    void anOrdersTimelineJoinsEveryServiceAndShowsEachStepOnce() throws Exception {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        ListFeed orders = new ListFeed()
                .add("OrderPlaced", 1, "{\"orderId\":\"o1\",\"customer\":\"c-ada\",\"lines\":[{\"sku\":\"MUG\","
                        + "\"name\":\"Mug\",\"quantity\":2,\"unitPrice\":8.00}],\"total\":16.00,"
                        + "\"placedAt\":\"2026-11-30T10:00:00Z\"}", t)
                .add("OrderPlaced", 2, "{\"orderId\":\"o2\",\"customer\":{\"id\":\"c-ada\",\"name\":\"Ada\"},"
                        + "\"lines\":[{\"sku\":\"MUG\",\"name\":\"Mug\",\"quantity\":1,\"unitPrice\":8.00}],"
                        + "\"total\":8.00,\"placedAt\":\"2026-11-30T10:01:00Z\"}", t.plusSeconds(60))
                .add("OrderShipped", 1, "{\"orderId\":\"o1\",\"trackingNumber\":\"TRK-1\"}", t.plusSeconds(5));
        ListFeed payments = new ListFeed()
                .add("PaymentCaptured", 1, "{\"paymentId\":\"o1\",\"orderId\":\"o1\",\"amount\":16.00}", t.plusSeconds(2));
        ListFeed inventory = new ListFeed()
                .add("StockReserved", 1, "{\"orderId\":\"o1\",\"items\":[{\"sku\":\"MUG\",\"quantity\":2}]}",
                        t.plusSeconds(1));

        Path file = directory.resolve("history.db");
        for (int run = 1; run <= 2; run++) {
            try (JdbcEventStore store = JdbcEventStore.sqlite(file).build()) {
                OrderHistory history = new OrderHistory(store);
                for (String name : List.of("orders", "payments", "inventory")) {
                    ListFeed feed = name.equals("orders") ? orders : name.equals("payments") ? payments : inventory;
                    try (Reactor<JdbcTransaction> reactor = history.follow(store, name, feed)) {
                        assertThat(reactor.awaitPosition(feed.headPosition(), Duration.ofSeconds(20))).isTrue();
                    }
                }
                OrderHistory.View o1 = history.order("o1");
                assertThat(o1.order().status()).isEqualTo("SHIPPED");
                assertThat(o1.order().customerName()).as("version 1 named no one").isNull();
                assertThat(o1.timeline()).extracting(OrderHistory.Step::what).containsExactly(
                        "order placed by c-ada: 2 x Mug, total 16.00", "stock reserved: 2 x MUG", "16.00 charged",
                        "order shipped, tracking number TRK-1");
                assertThat(o1.timeline()).extracting(OrderHistory.Step::source)
                        .containsExactly("orders", "inventory", "payments", "orders");
                assertThat(history.ordersOf("c-ada")).extracting(OrderHistory.Summary::orderId).containsExactly("o1", "o2");
                assertThat(history.ordersOf("c-ada").get(1).customerName()).isEqualTo("Ada");
                assertThat(history.ordersOf("nobody")).isEmpty();
                assertThatThrownBy(() -> history.order("o9")).isInstanceOf(ResourceNotFoundException.class)
                        .hasMessage("no order o9");
            }
        }
    }

    @Test
    void aPageWaitingForACustomersOrdersIsAnsweredWhenAChangeToThemCommits() throws Exception {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        ListFeed orders = new ListFeed().add("OrderPlaced", 2, placed("o1", "c-ada", "Ada"), t);
        try (JdbcEventStore store = JdbcEventStore.sqlite(directory.resolve("history.db")).build()) {
            OrderHistory history = new OrderHistory(store);
            try (Reactor<JdbcTransaction> reactor = history.follow(store, "orders", orders)) {
                assertThat(reactor.awaitPosition(orders.headPosition(), Duration.ofSeconds(20))).isTrue();
                OrderHistory.Timelines first = history.timelinesOf("c-ada", -1, Duration.ofSeconds(20));
                assertThat(first.version()).isEqualTo(1);
                assertThat(first.orders()).singleElement().satisfies(view -> {
                    assertThat(view.order().status()).isEqualTo("PLACED");
                    assertThat(view.timeline()).extracting(OrderHistory.Step::what)
                            .containsExactly("order placed by Ada: 1 x Mug, total 8.00");
                });

                long start = System.nanoTime();
                assertThat(history.timelinesOf("c-ada", 1, Duration.ofMillis(300)).version())
                        .as("nothing changed: the wait runs out and the answer is the same").isEqualTo(1);
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));

                CompletableFuture<OrderHistory.Timelines> waiting = waitFor(history, "c-ada", 1);
                orders.add("OrderPlaced", 2, placed("o2", "c-bob", "Bob"), t.plusSeconds(1));
                assertThat(reactor.awaitPosition(orders.headPosition(), Duration.ofSeconds(20))).isTrue();
                Thread.sleep(300);
                assertThat(waiting).as("another customer's order does not answer Ada's page").isNotDone();

                orders.add("OrderConfirmed", 1, "{\"orderId\":\"o1\"}", t.plusSeconds(2));
                OrderHistory.Timelines changed = waiting.get(10, TimeUnit.SECONDS);
                assertThat(changed.version()).isEqualTo(2);
                assertThat(changed.orders()).singleElement().satisfies(view -> {
                    assertThat(view.order().status()).isEqualTo("CONFIRMED");
                    assertThat(view.timeline()).extracting(OrderHistory.Step::what)
                            .containsExactly("order placed by Ada: 1 x Mug, total 8.00", "order confirmed");
                });
            }
            assertThat(new OrderHistory(store).timelinesOf("c-ada", 2, Duration.ZERO).version())
                    .as("the version comes from the database: a restarted history goes on from it").isEqualTo(2);
            assertThatThrownBy(() -> history.timelinesOf("c-ada", 2, Duration.ofSeconds(31)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("wait must be 0 to 30 seconds, was: 31.0");
        }
    }

    private static CompletableFuture<OrderHistory.Timelines> waitFor(OrderHistory history, String customer, long seen) {
        CompletableFuture<OrderHistory.Timelines> answer = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                answer.complete(history.timelinesOf(customer, seen, Duration.ofSeconds(20)));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }, "page-" + customer);
        reader.start();
        return answer;
    }

    private static String placed(String orderId, String customerId, String name) {
        return "{\"orderId\":\"" + orderId + "\",\"customer\":{\"id\":\"" + customerId + "\",\"name\":\"" + name
                + "\"},\"lines\":[{\"sku\":\"MUG\",\"name\":\"Mug\",\"quantity\":1,\"unitPrice\":8.00}],"
                + "\"total\":8.00,\"placedAt\":\"2026-11-30T10:00:00Z\"}";
    }
}
