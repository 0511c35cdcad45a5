package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests do to a running shop, through its HTTP APIs. */
final class ShopScenarios {

    /** How long a scenario waits for a service that is down or restarting. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Deployment shop;
    private final ShopClient client;

    private ShopScenarios(Deployment shop) {
        this.shop = shop;
        this.client = new ShopClient(shop::url);
    }

    /**
     * Starts every service of a deployment with the demo's settings.
     *
     * @return the scenarios to run against it
     */
    static ShopScenarios start(Deployment shop) {
        Demo.configure(shop);
        shop.startAll();
        return new ShopScenarios(shop);
    }

    ShopClient client() {
        return client;
    }

    /** Lists the products (once) and receives stock; waits until orders knows the prices. */
    void stock(Map<String, Integer> units) throws Exception {
        for (Map.Entry<String, Integer> entry : units.entrySet()) {
            client.post(ServiceName.CATALOG, "/products", "list-" + entry.getKey(), Map.of("sku", entry.getKey(),
                    "name", "Product " + entry.getKey(), "price", new java.math.BigDecimal("5.25"))).orThrow();
            client.post(ServiceName.INVENTORY, "/stock/" + entry.getKey() + "/receive",
                    Map.of("quantity", entry.getValue())).orThrow();
        }
        Demo.await("orders to hear of every product", WAIT,
                () -> client.get(ServiceName.ORDERS, "/products").orThrow().size() >= units.size());
    }

    /** Places an order; retried while orders is down, with the same command id. */
    void place(String orderId, String sku, int quantity, String card, String address) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("customer", Map.of("id", "c-" + orderId, "name", "Customer " + orderId));
        body.put("lines", List.of(Map.of("sku", sku, "quantity", quantity)));
        body.put("cardNumber", card);
        body.put("address", address);
        Demo.await("orders to take order " + orderId, WAIT,
                () -> client.post(ServiceName.ORDERS, "/orders", "place-" + orderId, body).ok());
    }

    void cancel(String orderId) throws Exception {
        Demo.await("orders to take the cancellation of " + orderId, WAIT, () -> client.post(ServiceName.ORDERS,
                "/orders/" + orderId + "/cancel", "cancel-" + orderId, Map.of("reason", "changed my mind")).ok());
    }

    JsonNode order(String orderId) {
        return client.get(ServiceName.ORDERS, "/orders/" + orderId).orThrow();
    }

    /**
     * A batch of orders meant to be caught in flight by a fault: good ones, a declined card, an
     * undeliverable address and a cancellation.
     *
     * @return the order ids
     */
    List<String> batch(String prefix, String sku) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(prefix + "-ok-" + i);
            place(prefix + "-ok-" + i, sku, 1, Demo.GOOD_CARD, i + " Good Street");
        }
        ids.add(prefix + "-declined");
        place(prefix + "-declined", sku, 1, Demo.DECLINED_CARD, "4 Good Street");
        ids.add(prefix + "-nowhere");
        place(prefix + "-nowhere", sku, 1, Demo.GOOD_CARD, Demo.UNDELIVERABLE);
        ids.add(prefix + "-cancelled");
        place(prefix + "-cancelled", sku, 2, Demo.GOOD_CARD, "6 Good Street");
        cancel(prefix + "-cancelled");
        return ids;
    }

    /** Waits for every order to settle, then asserts the books balance. */
    Books.Result assertBooksBalance() throws Exception {
        Books books = new Books(client);
        if (!books.awaitSettled(Duration.ofSeconds(180))) {
            StringBuilder why = new StringBuilder("orders not settled after 180 s: " + books.unsettled());
            for (ServiceName name : ServiceName.values()) {
                ShopClient.Reply status = client.get(name, "/status");
                why.append("\n").append(name.id()).append(" status: ").append(status.body());
            }
            why.append("\nlogs: ").append(shop.dataDirectory().resolve("logs"));
            throw new AssertionError(why.toString());
        }
        Books.Result result = books.check();
        assertThat(result.failures()).as("the books: %s", result.lines()).isEmpty();
        return result;
    }
}
