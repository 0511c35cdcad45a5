package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shop end to end on the embedded default: six processes, six SQLite files. The demo's story runs
 * and its books balance; bad requests are answered as problems; then each service in turn is killed
 * with SIGKILL while orders are in checkout, and restarted: afterwards every order is final, nothing
 * was charged twice, nothing oversold, and the books balance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqliteShopTest {

    private Deployment shop;
    private ShopScenarios scenarios;

    @BeforeAll
    void start() throws IOException {
        // Under target/, not a temporary directory: the services' logs stay for a look after a failure.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sqlite-shop-");
        shop = new Deployment(data, Deployment.sqliteFiles(data));
        scenarios = ShopScenarios.start(shop);
    }

    @AfterAll
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void theDemosStoryRunsAndItsBooksBalance() throws Exception {
        ByteArrayOutputStream story = new ByteArrayOutputStream();
        Books.Result books = new Demo(shop, new PrintStream(story, true, StandardCharsets.UTF_8)).run();
        String told = story.toString(StandardCharsets.UTF_8);
        System.out.println(told);
        assertThat(books.failures()).isEmpty();
        assertThat(told).contains("-> SHIPPED", "-> REJECTED: out of stock: KETTLE-02 (2 asked, 1 left)",
                "-> CANCELLED: payment declined: insufficient funds", "payment dan-1: VOIDED, captured 0",
                "-> CANCELLED: dispatch failed", "SHIPPED   3:", "REJECTED  5:", "The books balance.");
        // One feed, both versions: the v2 reader (order history) upcasts the v1 entries, the v1 reader
        // (catalog) is served v2 entries downcast.
        assertThat(told).containsPattern("the orders feed holds OrderPlaced entries by version \\{1=\\d+, 2=1\\}; "
                + "asked for v1, it serves \\{1=\\d+\\}")
                .contains("ada-1 (written v1) by (no name in v1; id c-ada); hal-1 (written v2) by Hal Abelson");
        JsonNode sellers = scenarios.client().get(ServiceName.CATALOG, "/bestsellers").orThrow();
        JsonNode orders = scenarios.client().get(ServiceName.ORDERS, "/orders").orThrow();
        long teaOrdered = 0;
        for (JsonNode order : orders) {
            for (JsonNode line : order.path("lines")) {
                teaOrdered += line.path("sku").asText().equals("TEA-07") ? line.path("quantity").asLong() : 0;
            }
        }
        for (JsonNode seller : sellers) {
            if (seller.path("sku").asText().equals("TEA-07")) {
                assertThat(seller.path("units").asLong()).as("tea counted by the v1 reader, from v1 and v2 entries")
                        .isEqualTo(teaOrdered);
            }
        }
    }

    @Test
    @Order(2)
    void badRequestsAreAnsweredAsProblemsNamingTheField() {
        ShopClient client = scenarios.client();
        ShopClient.Reply badQuantity = client.post(ServiceName.ORDERS, "/orders", Map.of("orderId", "bad-1",
                "customer", Map.of("id", "c-1", "name", "N"), "lines", List.of(Map.of("sku", "MUG-01", "quantity", 0)),
                "cardNumber", Demo.GOOD_CARD, "address", "x"));
        assertThat(badQuantity.status()).isEqualTo(400);
        assertThat(badQuantity.body().path("field").asText()).isEqualTo("lines/0/quantity");
        assertThat(badQuantity.body().path("detail").asText()).contains("was: 0");

        ShopClient.Reply unknownProduct = client.post(ServiceName.ORDERS, "/orders", Map.of("orderId", "bad-2",
                "customer", Map.of("id", "c-1", "name", "N"), "lines", List.of(Map.of("sku", "NOPE", "quantity", 1)),
                "cardNumber", Demo.GOOD_CARD, "address", "x"));
        assertThat(unknownProduct.status()).isEqualTo(404);
        assertThat(unknownProduct.body().path("detail").asText()).contains("NOPE");

        assertThat(client.get(ServiceName.ORDERS, "/orders/nobody").status()).isEqualTo(404);
        assertThat(client.get(ServiceName.CATALOG, "/products/NOPE").status()).isEqualTo(404);
        assertThat(client.get(ServiceName.ORDER_HISTORY, "/orders/nobody").status()).isEqualTo(404);

        ShopClient.Reply badCard = client.post(ServiceName.PAYMENTS, "/payments", Map.of("paymentId", "p", "orderId",
                "o", "amount", 10, "cardNumber", "12ab"));
        assertThat(badCard.status()).isEqualTo(400);
        assertThat(badCard.body().path("field").asText()).isEqualTo("cardNumber");

        ShopClient.Reply first = client.post(ServiceName.INVENTORY, "/stock/MUG-01/receive", "receipt-x",
                Map.of("quantity", 1));
        ShopClient.Reply again = client.post(ServiceName.INVENTORY, "/stock/MUG-01/receive", "receipt-x",
                Map.of("quantity", 1));
        assertThat(first.body().path("alreadyHandled").asBoolean()).isFalse();
        assertThat(again.body().path("alreadyHandled").asBoolean()).as("the same receipt sent again").isTrue();
        assertThat(again.body().path("received")).isEqualTo(first.body().path("received"));
        assertThat(client.post(ServiceName.INVENTORY, "/stock/TEA-07/receive", "receipt-x", Map.of("quantity", 1))
                .status()).as("a command id reused for another command").isEqualTo(409);

        ShopClient.Reply shipped = client.post(ServiceName.ORDERS, "/orders/ada-1/cancel", Map.of("reason", "late"));
        assertThat(shipped.status()).as("a shipped order cannot be cancelled").isEqualTo(422);
        assertThat(shipped.body().path("detail").asText()).contains("has shipped");
    }

    @Test
    @Order(3)
    void eachServiceKilledMidCheckoutAndRestartedLosesNothingAndDoesNothingTwice() throws Exception {
        // Each round leaves its orders in flight and goes on to kill the next service: the rounds overlap,
        // and every saga meets restarts of services it has not reached yet.
        Map<String, List<String>> rounds = new java.util.LinkedHashMap<>();
        for (ServiceName victim : ServiceName.values()) {
            String sku = "FAULT-" + victim.id().toUpperCase(java.util.Locale.ROOT);
            scenarios.stock(Map.of(sku, 8));
            rounds.put(sku, scenarios.batch("kill-" + victim.id(), sku));
            long pid = shop.pid(victim);
            shop.kill(victim);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("%s was killed", victim.id())
                    .isNotEqualTo(java.util.Optional.of(true));
            shop.start(victim);
        }
        Books.Result books = scenarios.assertBooksBalance();
        System.out.println("after killing each service in turn: " + books.lines());
        for (Map.Entry<String, List<String>> round : rounds.entrySet()) {
            long shipped = 0;
            for (String id : round.getValue()) {
                JsonNode order = scenarios.order(id);
                assertThat(order.path("settled").asBoolean()).as("order %s settled", id).isTrue();
                if (order.path("status").asText().equals("SHIPPED")) {
                    shipped++;
                }
            }
            JsonNode stock = scenarios.client().get(ServiceName.INVENTORY, "/stock/" + round.getKey()).orThrow();
            assertThat(stock.path("shipped").asLong()).as("units of %s shipped", round.getKey()).isEqualTo(shipped);
            assertThat(stock.path("onHand").asLong()).isEqualTo(8 - shipped);
            // Only the three good orders can ship; a payment deadline passed during a restart cancels one.
            assertThat(shipped).as("orders of %s shipped", round.getKey()).isBetween(0L, 3L);
        }
        assertThat(scenarios.order("kill-orders-cancelled").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(scenarios.order("kill-shipping-nowhere").path("status").asText()).isEqualTo("CANCELLED");
    }
}
