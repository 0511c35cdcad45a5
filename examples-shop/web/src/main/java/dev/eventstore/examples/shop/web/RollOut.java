package dev.eventstore.examples.shop.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's "replay the v2 roll-out", the demo's seventh scenario on the running shop: orders goes
 * back to the release that writes {@code OrderPlaced} version 1 (customer: a string) and takes an
 * order; the new release, writing version 2 (customer: {id, name}), takes another. Then what each
 * reader sees of the one feed: the order history reads version 2 and upcasts the old entry (which names
 * no customer), the catalog still reads version 1 and is served the new entry downcast, and the feed
 * keeps each entry as it was written. Each step is told as it happens, through the services' HTTP APIs.
 */
final class RollOut {

    private static final Duration READ = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Operator operator;
    private final HttpClient http;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Map<String, String>> steps = new CopyOnWriteArrayList<>();
    private volatile String failure;
    private volatile boolean done;

    RollOut(Operator operator, HttpClient http) {
        this.operator = operator;
        this.http = http;
    }

    /** @return false if a replay is under way; otherwise true, and the last replay's story is cleared */
    boolean begin() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        steps.clear();
        failure = null;
        done = false;
        return true;
    }

    /** @return whether a replay is under way, its steps so far, and why it stopped if it failed */
    Map<String, Object> view() {
        return failure == null ? Map.of("running", running.get(), "done", done, "steps", List.copyOf(steps))
                : Map.of("running", running.get(), "done", done, "steps", List.copyOf(steps), "failure", failure);
    }

    /**
     * Replays the roll-out; returns when it is over, failed or not.
     *
     * @param controls restarts orders with a setting changed
     */
    void run(Controls controls) {
        try {
            replay(controls);
            done = true;
        } catch (RuntimeException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            failure = "interrupted";
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
        }
    }

    private void replay(Controls controls) throws InterruptedException {
        String run = Long.toString(Instant.now().getEpochSecond(), 36);
        String card = approvedCard();
        String sku = productInStock();

        step("orders goes back to the old release, which writes OrderPlaced version 1 (customer: a string)");
        controls.restart("orders", "order-placed-version", "1");
        String oldOrder = "rollout-" + run + "-v1";
        place(oldOrder, "c-grace", "Grace Hopper", sku, card);
        step("orders restarted (pid " + operator.pid("orders") + "); Grace Hopper orders 1 x " + sku + ": "
                + oldOrder);

        step("the new release: orders writes OrderPlaced version 2 (customer: {id, name})");
        controls.restart("orders", "order-placed-version", "2");
        String newOrder = "rollout-" + run + "-v2";
        place(newOrder, "c-hal", "Hal Abelson", sku, card);
        step("orders restarted (pid " + operator.pid("orders") + "); Hal Abelson orders 1 x " + sku + ": " + newOrder);

        Map<String, Integer> stored = new TreeMap<>();
        Map<String, Integer> asV1 = new TreeMap<>();
        long newPosition = readFeed(null, oldOrder, newOrder, stored);
        readFeed("OrderPlaced:1", oldOrder, newOrder, asV1);
        step("the orders feed keeps each entry as written: " + oldOrder + " version " + stored.get(oldOrder) + ", "
                + newOrder + " version " + stored.get(newOrder) + "; a reader that asks for version 1 is served "
                + oldOrder + " version " + asV1.get(oldOrder) + ", " + newOrder + " version " + asV1.get(newOrder)
                + " (downcast)");

        step("the order history (reads version 2, upcasts version 1): " + oldOrder + " by "
                + customer(awaitHistory("c-grace", oldOrder)) + "; " + newOrder + " by "
                + customer(awaitHistory("c-hal", newOrder)));

        awaitCatalog(newPosition);
        for (JsonNode seller : Wire.get(http, "catalog", url("catalog", "/bestsellers"), READ)) {
            if (seller.path("sku").asText().equals(sku)) {
                step("the catalog (reads version 1) counts " + seller.path("units").asLong() + " units of " + sku
                        + " in " + seller.path("orders").asLong() + " orders, from entries of both versions");
            }
        }
    }

    private void step(String text) {
        steps.add(Map.of("at", Instant.now().toString(), "text", text));
    }

    private String approvedCard() throws InterruptedException {
        for (JsonNode card : Wire.get(http, "payments", url("payments", "/gateway/cards"), READ)) {
            if (card.path("outcome").asText().equals("approved")) {
                return card.path("number").asText();
            }
        }
        throw new IllegalStateException("payments names no card that its gateway approves");
    }

    /** The listed product with the most units on hand: out of stock, the orders are rejected, but placed. */
    private String productInStock() throws InterruptedException {
        JsonNode products = Wire.get(http, "catalog", url("catalog", "/products"), READ);
        if (products.isEmpty()) {
            throw new IllegalStateException("the catalog lists no product: list one first");
        }
        String best = products.get(0).path("sku").asText();
        long most = 0;
        for (JsonNode level : Wire.get(http, "inventory", url("inventory", "/stock"), READ)) {
            for (JsonNode product : products) {
                if (level.path("onHand").asLong() > most && level.path("sku").equals(product.path("sku"))) {
                    best = product.path("sku").asText();
                    most = level.path("onHand").asLong();
                }
            }
        }
        return best;
    }

    private void place(String orderId, String customerId, String name, String sku, String card)
            throws InterruptedException {
        Wire.post(http, "orders", url("orders", "/orders"), Map.of("commandId", orderId, "orderId", orderId,
                "customer", Map.of("id", customerId, "name", name), "lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "cardNumber", card, "address", "7 Release Street"));
    }

    /**
     * Reads the orders feed from its start until it has served both orders' OrderPlaced entries (waiting
     * on the feed's long poll for the publisher to get to them); records the version each is served
     * with and returns the second's position.
     */
    private long readFeed(String accept, String oldOrder, String newOrder, Map<String, Integer> versions)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long after = 0;
        long newPosition = -1;
        while (!versions.containsKey(oldOrder) || !versions.containsKey(newOrder)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the orders feed did not serve " + oldOrder + " and " + newOrder
                        + " within " + SETTLE.toSeconds() + " s");
            }
            JsonNode page = Wire.get(http, "orders", url("orders", "/feed?after=" + after + "&limit=1000&wait=5"
                    + (accept == null ? "" : "&accept=" + accept)), Duration.ofSeconds(15));
            for (JsonNode entry : page.path("entries")) {
                after = entry.path("position").asLong();
                String orderId = entry.path("data").path("orderId").asText();
                if (entry.path("type").asText().equals("OrderPlaced")
                        && (orderId.equals(oldOrder) || orderId.equals(newOrder))) {
                    versions.put(orderId, entry.path("version").asInt());
                    newPosition = orderId.equals(newOrder) ? after : newPosition;
                }
            }
        }
        return newPosition;
    }

    /** Long-polls the history until it knows the order; returns the order's summary. */
    private JsonNode awaitHistory(String customerId, String orderId) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long version = -1;
        while (System.nanoTime() < deadline) {
            JsonNode answer = Wire.get(http, "order-history", url("order-history", "/customers/"
                    + URLEncoder.encode(customerId, StandardCharsets.UTF_8) + "/timelines?after=" + version
                    + "&wait=10"), Duration.ofSeconds(20));
            for (JsonNode view : answer.path("orders")) {
                if (view.path("order").path("orderId").asText().equals(orderId)) {
                    return view.path("order");
                }
            }
            version = answer.path("version").asLong();
        }
        throw new IllegalStateException("the order history did not hear of " + orderId + " within "
                + SETTLE.toSeconds() + " s");
    }

    private static String customer(JsonNode summary) {
        String name = summary.path("customerName").asText(null);
        return name != null ? name : summary.path("customerId").asText() + " (version 1 names no one)";
    }

    /** Waits until the catalog's reader of the orders feed has read past a position, as its status says. */
    private void awaitCatalog(long position) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode status = Wire.get(http, "catalog", url("catalog", "/status"), READ);
            var reactors = status.path("reactors").fields();
            while (reactors.hasNext()) {
                var reactor = reactors.next();
                if ("orders".equals(Wiring.feedReadBy("catalog", reactor.getKey()))
                        && reactor.getValue().path("position").asLong() >= position) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the catalog did not read the orders feed up to " + position
                        + " within " + SETTLE.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private URI url(String service, String path) {
        return URI.create(operator.url(service) + path);
    }
}
