package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.eventstore.RecordedEvent;
import dev.eventstore.http.CommandClient;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.reactor.EventFeed;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's reactors on a SQLite file, with the other services stood in for: feeds the test
 * writes to, and a recorder of the commands sent. The payment deadline is scheduled once payments
 * has been asked, and goes when its answer is recorded, whatever the answer.
 */
class CheckoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private JdbcEventStore store;
    private Orders orders;
    private Checkout checkout;
    private final ScriptedFeed inventory = new ScriptedFeed("inventory");
    private final ScriptedFeed payments = new ScriptedFeed("payments");
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> authorisations = new CopyOnWriteArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        store = JdbcEventStore.sqlite(directory.resolve("orders.db")).build();
        PriceList prices = new PriceList(store);
        try (Connection connection = store.dataSource().getConnection()) {
            prices.put(connection, "MUG", "Mug", new BigDecimal("8.00"));
        }
        orders = new Orders(store, prices, Clock.systemUTC());
        Map<String, CommandClient> peers = new java.util.HashMap<>();
        for (String peer : List.of("inventory", "payments", "shipping")) {
            peers.put(peer, CommandClient.builder(standIn(peer)).name(peer).build());
        }
        checkout = new Checkout(store, orders, prices, peers, Map.of("inventory", inventory, "payments", payments),
                new Checkout.Settings(Duration.ofHours(1), 2)).start();
    }

    @AfterEach
    void stop() {
        if (checkout != null) {
            checkout.close();
        }
        servers.forEach(HttpServers::stop);
        store.close();
    }

    /** A service that answers every command with 200 and an empty object, and notes what it was sent. */
    private URI standIn(String peer) throws java.io.IOException {
        HttpServer server = HttpServers.create(new InetSocketAddress("127.0.0.1", 0));
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            sent.add(peer + " " + path);
            if (path.equals("/payments")) {
                authorisations.add(body.path("commandId").asText());
            }
            byte[] answer = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void thePaymentDeadlineGoesWhenTheAuthorisationIsRecorded() throws Exception {
        String paymentId = awaitingPayment("o1");

        payments.add("PaymentAuthorised", "{\"paymentId\":\"" + paymentId + "\",\"orderId\":\"o1\",\"amount\":16.00}");

        await("the capture to be asked for", () -> sent.contains("payments /payments/" + paymentId + "/capture"));
        assertThat(store.deadlineStore().find(Checkout.TO_PAYMENTS, "payment:o1")).as("the payment deadline")
                .isEmpty();
        assertThat(orders.order("o1").status()).isIn(Order.Status.AUTHORISED, Order.Status.CAPTURED);
    }

    @Test
    void thePaymentDeadlineGoesWhenADeclineIsRecorded() throws Exception {
        String paymentId = awaitingPayment("o2");

        payments.add("PaymentDeclined", "{\"paymentId\":\"" + paymentId + "\",\"orderId\":\"o2\","
                + "\"reason\":\"insufficient funds\"}");

        await("the stock to be released", () -> sent.contains("inventory /reservations/o2/release"));
        assertThat(store.deadlineStore().find(Checkout.TO_PAYMENTS, "payment:o2")).as("the payment deadline")
                .isEmpty();
    }

    @Test
    void thePartitionsOfToPaymentsShareTheOrdersAndARewindMovesThemAllBack() throws Exception {
        for (int i = 1; i <= 6; i++) {
            awaitingPayment("o" + i);
        }
        assertThat(authorisations).hasSize(6).doesNotHaveDuplicates();
        assertThat(checkout.reactors()).containsKeys("to-payments#1/4", "to-payments#2/4", "to-payments#3/4",
                "to-payments#4/4", "to-inventory#1/4", "to-shipping");

        long before = checkout.rewind(Checkout.TO_PAYMENTS, 0);

        assertThat(before).isPositive();
        await("every authorisation to be asked for again", () -> authorisations.size() == 12);
        assertThat(new java.util.HashSet<>(authorisations)).as("sent again under the same command ids").hasSize(6);
        assertThatThrownBy(() -> checkout.rewind("to-nowhere", 0)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("to-nowhere");
    }

    /** Places an order, has its stock reserved, and waits until payments is asked and the deadline runs. */
    private String awaitingPayment(String orderId) throws Exception {
        int reservations = java.util.Collections.frequency(sent, "inventory /reservations");
        orders.place("place-" + orderId, orderId, "c-ada", "Ada", List.of(new Orders.Item("MUG", 2)),
                "4111 1111 1111 1111", "12 Main St");
        await("the reservation to be asked for", () -> java.util.Collections.frequency(sent,
                "inventory /reservations") > reservations);
        inventory.add("StockReserved", "{\"orderId\":\"" + orderId + "\",\"items\":[{\"sku\":\"MUG\",\"quantity\":2}]}");
        await("the payment deadline of " + orderId, () -> store.deadlineStore()
                .find(Checkout.TO_PAYMENTS, "payment:" + orderId).isPresent());
        assertThat(sent).contains("payments /payments");
        return orders.order(orderId).paymentId();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting " + TIMEOUT.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A feed of another service that the test writes entries to, version 1 each. */
    private static final class ScriptedFeed implements EventFeed {
        private final String source;
        private final List<RecordedEvent> entries = new ArrayList<>();

        ScriptedFeed(String source) {
            this.source = source;
        }

        synchronized void add(String type, String data) {
            long position = entries.size() + 1;
            entries.add(new RecordedEvent(UUID.randomUUID(), "public-" + source + "-" + position, 1, position, type,
                    data, "{\"$schemaVersion\":1,\"$source\":\"" + source + "\"}", Set.of(), Instant.now()));
            notifyAll();
        }

        @Override
        public synchronized List<RecordedEvent> read(long afterPosition, int limit) throws InterruptedException {
            if (entries.size() <= afterPosition) {
                wait(50); // a long poll, short
            }
            int from = (int) Math.min(afterPosition, entries.size());
            return List.copyOf(entries.subList(from, Math.min(entries.size(), from + limit)));
        }

        @Override
        public synchronized long headPosition() {
            return entries.size();
        }
    }
}
