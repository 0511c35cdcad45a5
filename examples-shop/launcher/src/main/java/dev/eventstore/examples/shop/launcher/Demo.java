package dev.eventstore.examples.shop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo's story: the shop stocked, then seven scenarios, each narrated from what the services
 * answer over HTTP, then the books checked across services.
 */
public final class Demo {

    /** The card the simulated gateway authorises. */
    static final String GOOD_CARD = "4111 1111 1111 1111";
    /** The card it declines. */
    static final String DECLINED_CARD = "4000 0000 0000 0002";
    /** The card it answers for only after its slow delay. */
    static final String SLOW_CARD = "4000 0000 0000 0259";
    /** The address the carrier does not deliver to. */
    static final String UNDELIVERABLE = "1 Nowhere Lane";

    /** How long orders waits for a payment's authorisation in the demo. */
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(6);
    /** How long the gateway takes for the slow card in the demo. */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(9);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private final Deployment shop;
    private final ShopClient client;
    private final PrintStream out;

    /**
     * @param shop the running shop
     * @param out where the story goes
     */
    public Demo(Deployment shop, PrintStream out) {
        this.shop = shop;
        this.client = new ShopClient(shop::url);
        this.out = out;
    }

    /**
     * The settings the demo's scenarios count on.
     *
     * @param shop the shop, before it starts
     */
    public static void configure(Deployment shop) {
        shop.set(ServiceName.ORDERS, "payment-timeout-ms", Long.toString(PAYMENT_TIMEOUT.toMillis()));
        shop.set(ServiceName.ORDERS, "order-placed-version", "1");
        shop.set(ServiceName.PAYMENTS, "gateway-delay-ms", "150");
        shop.set(ServiceName.PAYMENTS, "slow-gateway-delay-ms", Long.toString(SLOW_ANSWER.toMillis()));
        shop.set(ServiceName.SHIPPING, "dispatch-delay-ms", "800");
        shop.set(ServiceName.SHIPPING, "undeliverable", UNDELIVERABLE);
    }

    /**
     * Runs the story.
     *
     * @return the books at the end
     * @throws Exception if a step fails
     */
    public Books.Result run() throws Exception {
        introduce();
        stock();
        happyPath();
        outOfStock();
        declinedCard();
        paymentsTooSlow();
        dispatchFails();
        customerCancels();
        paymentsKilled();
        checkpointMovedBack();
        raceForTheLastUnits();
        rollOutVersion2();
        return books();
    }

    // ------------------------------------------------------------------------------------ the story

    private void introduce() {
        out.println("The shop: six services, each an operating-system process with a database of its own.");
        out.println("They share no database and no event classes: they talk through versioned feeds and commands.");
        for (ServiceName name : ServiceName.values()) {
            out.printf("  %-14s pid %-7d %-24s %s%n", name.id(), shop.pid(name), shop.url(name), shop.database(name));
        }
    }

    private void stock() throws Exception {
        section("Stocking the shop", "the catalog lists four products; the inventory receives stock; orders learns "
                + "the prices from the catalog's feed, into a price list of its own");
        for (Shelves.Product product : Shelves.PRODUCTS) {
            Shelves.stock(client, product);
            out.printf("   %-10s %-18s %6s   %3d in stock%n", product.sku(), product.name(), product.price(),
                    product.quantity());
        }
        long start = System.nanoTime();
        await("orders to hear of every product", () -> client.get(ServiceName.ORDERS, "/products").orThrow().size() == 4);
        out.printf("   orders' price list holds the 4 products, %d ms after they were listed%n", millisSince(start));
    }

    private void happyPath() throws Exception {
        section("1. The happy path", "reserve all items, authorise the card (with a durable deadline), capture, commit "
                + "the stock, book the shipment: confirmed, then shipped");
        JsonNode order = placeAndSettle("ada-1", "c-ada", "Ada Lovelace", Map.of("MUG-01", 2, "TEA-07", 1), GOOD_CARD,
                "12 Analytical Row");
        timeline("ada-1");
        expect(order, "SHIPPED");
    }

    private void outOfStock() throws Exception {
        section("2. Out of stock", "one kettle is on the shelf and Bob wants two: the order gets none of its items, "
                + "and nothing is charged");
        JsonNode order = placeAndSettle("bob-1", "c-bob", "Bob Babbage", Map.of("KETTLE-02", 2, "MUG-01", 1), GOOD_CARD,
                "3 Engine Street");
        ShopClient.Reply payment = client.get(ServiceName.PAYMENTS, "/payments/bob-1");
        out.printf("   payments knows of no payment for bob-1 (HTTP %d); the mug stayed on the shelf: %s on hand%n",
                payment.status(), client.get(ServiceName.INVENTORY, "/stock/MUG-01").orThrow().path("onHand"));
        expect(order, "REJECTED");
    }

    private void declinedCard() throws Exception {
        section("3. A declined card", "the gateway declines the card: the reservation is released, the order "
                + "cancelled");
        JsonNode order = placeAndSettle("cleo-1", "c-cleo", "Cleo Hopper", Map.of("TEA-07", 3), DECLINED_CARD,
                "9 Compiler Court");
        timeline("cleo-1");
        expect(order, "CANCELLED");
    }

    private void paymentsTooSlow() throws Exception {
        section("3b. No answer from payments in time", "the gateway answers for this card after "
                + SLOW_ANSWER.toSeconds() + " s; the order waits " + PAYMENT_TIMEOUT.toSeconds()
                + " s (a durable deadline), releases the stock and cancels. The authorisation that arrives later "
                + "is voided: nothing is ever charged for it");
        placeAndSettle("dan-1", "c-dan", "Dan Dijkstra", Map.of("MUG-01", 1), SLOW_CARD, "1 Shortest Path");
        out.println("   ... waiting for the gateway's late answer");
        await("the late authorisation of dan-1 to be voided", () -> client.get(ServiceName.PAYMENTS, "/payments/dan-1")
                .body().path("status").asText().equals("VOIDED"));
        JsonNode payment = client.get(ServiceName.PAYMENTS, "/payments/dan-1").orThrow();
        out.printf("   payment dan-1: %s, captured %s%n", payment.path("status").asText(), payment.path("captured"));
        timeline("dan-1");
    }

    private void dispatchFails() throws Exception {
        section("3c. Dispatch fails", "the carrier does not deliver to " + UNDELIVERABLE + ": the charge is refunded "
                + "and the sold stock put back on the shelf");
        JsonNode order = placeAndSettle("eli-1", "c-eli", "Eli Whitney", Map.of("MUG-01", 1, "TEA-07", 1), GOOD_CARD,
                UNDELIVERABLE);
        timeline("eli-1");
        expect(order, "CANCELLED");
    }

    private void customerCancels() throws Exception {
        section("3d. The customer cancels before dispatch", "whatever was done is undone: the charge refunded, "
                + "the stock released or put back");
        place("fay-1", "c-fay", "Fay Kernighan", Map.of("TEA-07", 2), GOOD_CARD, "5 Pipe Lane");
        client.post(ServiceName.ORDERS, "/orders/fay-1/cancel", Map.of("reason", "ordered by mistake")).orThrow();
        out.println("   Fay cancels at once");
        JsonNode order = settle("fay-1");
        timeline("fay-1");
        expect(order, "CANCELLED");
    }

    private void paymentsKilled() throws Exception {
        section("4. Payments killed mid-checkout (kill -9) and restarted",
                "orders keeps every step it took; its call to payments fails, is retried with back-off and shows "
                        + "as waiting; nothing is lost, nothing done twice");
        long pid = shop.pid(ServiceName.PAYMENTS);
        shop.kill(ServiceName.PAYMENTS);
        out.printf("   killed payments (pid %d) with SIGKILL%n", pid);
        List<String> ids = List.of("gus-1", "gus-2", "gus-3");
        for (String id : ids) {
            place(id, "c-gus", "Gus Hamming", Map.of("MUG-01", 1), GOOD_CARD, "7 Parity Place");
        }
        out.println("   Gus places 3 orders: their items are reserved, then checkout needs payments");
        await("orders to show it is waiting for payments", () -> waitingFor("payments") != null);
        Thread.sleep(1500);
        out.println("   orders says: " + waitingFor("payments"));
        for (String id : ids) {
            out.printf("   %s: %s%n", id, client.get(ServiceName.ORDERS, "/orders/" + id).orThrow().path("status").asText());
        }
        long start = System.nanoTime();
        shop.start(ServiceName.PAYMENTS);
        out.printf("   payments restarted (pid %d) on the same port and database in %d ms%n",
                shop.pid(ServiceName.PAYMENTS), millisSince(start));
        for (String id : ids) {
            JsonNode order = settle(id);
            out.printf("   %s: %s%n", id, describe(order));
        }
    }

    private void checkpointMovedBack() throws Exception {
        section("5. A checkpoint moved back: events delivered again",
                "orders' reactor that sends commands to payments, and its inbox of payments' feed, go back to the "
                        + "start of their logs and do everything again, with the same command ids");
        JsonNode before = client.get(ServiceName.PAYMENTS, "/totals").orThrow();
        long repeatsBefore = peer("payments").path("repeats").asLong();
        long head = client.get(ServiceName.ORDERS, "/status").orThrow().path("head").asLong();
        for (String reactor : List.of("to-payments", "from-payments")) {
            JsonNode moved = client.post(ServiceName.ORDERS, "/admin/rewind", Map.of("reactor", reactor, "to", 0))
                    .orThrow();
            long from = moved.path("from").asLong();
            await(reactor + " to catch up again", () -> caughtUp(reactor, from));
            out.printf("   %-14s checkpoint moved back from %d to 0, and caught up again%n", reactor, from);
        }
        JsonNode after = client.get(ServiceName.PAYMENTS, "/totals").orThrow();
        long repeats = peer("payments").path("repeats").asLong() - repeatsBefore;
        out.printf("   payments answered %d commands sent again as \"already handled\", booking nothing%n", repeats);
        out.printf("   captured before %s, after %s; refunded before %s, after %s%n", before.path("captured"),
                after.path("captured"), before.path("refunded"), after.path("refunded"));
        long headAfter = client.get(ServiceName.ORDERS, "/status").orThrow().path("head").asLong();
        out.printf("   orders' own log did not grow: head %d before, %d after%n", head, headAfter);
        if (before.path("captured").decimalValue().compareTo(after.path("captured").decimalValue()) != 0) {
            throw new IllegalStateException("a replay changed what was captured: " + before + " then " + after);
        }
    }

    private void raceForTheLastUnits() throws Exception {
        section("6. Eight customers racing for the last three lamps",
                "each reservation is one conditional append over the tags of its SKUs: exactly three win");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> placed = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                String id = "race-" + i;
                String customer = "c-racer-" + i;
                int racer = i;
                placed.add(pool.submit((Callable<Void>) () -> {
                    place(id, customer, "Racer " + racer, Map.of("LAMP-03", 1), GOOD_CARD, racer + " Starting Line");
                    return null;
                }));
            }
            for (Future<?> future : placed) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Map<String, List<String>> outcomes = new TreeMap<>();
        for (int i = 1; i <= 8; i++) {
            JsonNode order = settle("race-" + i);
            outcomes.computeIfAbsent(order.path("status").asText(), s -> new ArrayList<>()).add("race-" + i);
        }
        outcomes.forEach((status, orders) -> out.printf("   %-9s %d: %s%n", status, orders.size(), orders));
        JsonNode lamps = client.get(ServiceName.INVENTORY, "/stock/LAMP-03").orThrow();
        out.printf("   lamps: received %s, shipped %s, on hand %s, reserved %s%n", lamps.path("received"),
                lamps.path("shipped"), lamps.path("onHand"), lamps.path("reserved"));
        if (outcomes.getOrDefault("SHIPPED", List.of()).size() != 3) {
            throw new IllegalStateException("expected 3 lamps shipped, got " + outcomes);
        }
    }

    private void rollOutVersion2() throws Exception {
        section("7. Rolling out OrderPlaced version 2",
                "orders has published OrderPlaced v1 (customer: a string); the new release writes v2 (customer: "
                        + "{id, name}). Old entries stay v1. The order history reads v2 and upcasts old entries; the "
                        + "catalog still reads v1, and the feed downcasts v2 entries for it");
        JsonNode sellersBefore = client.get(ServiceName.CATALOG, "/bestsellers").orThrow();
        shop.stop(ServiceName.ORDERS);
        shop.set(ServiceName.ORDERS, "order-placed-version", "2");
        shop.start(ServiceName.ORDERS);
        out.printf("   orders restarted (pid %d), now writing OrderPlaced v2%n", shop.pid(ServiceName.ORDERS));
        settleAndShow("hal-1", "c-hal", "Hal Abelson", Map.of("TEA-07", 2, "MUG-01", 1));
        await("the order history to hear of hal-1", () -> client.get(ServiceName.ORDER_HISTORY,
                "/customers/c-hal/orders").orThrow().size() == 1);

        Map<Integer, Integer> stored = versionsOf(client.get(ServiceName.ORDERS, "/feed?after=0&limit=1000").orThrow());
        Map<Integer, Integer> asV1 = versionsOf(client.get(ServiceName.ORDERS,
                "/feed?after=0&limit=1000&accept=OrderPlaced:1").orThrow());
        out.printf("   the orders feed holds OrderPlaced entries by version %s; asked for v1, it serves %s%n", stored,
                asV1);
        JsonNode hal = client.get(ServiceName.ORDER_HISTORY, "/customers/c-hal/orders").orThrow();
        JsonNode ada = client.get(ServiceName.ORDER_HISTORY, "/customers/c-ada/orders").orThrow();
        out.printf("   order history (reads v2): ada-1 (written v1) by %s; hal-1 (written v2) by %s%n",
                name(ada.path(0)), name(hal.path(0)));
        await("the catalog to count hal-1", () -> !client.get(ServiceName.CATALOG, "/bestsellers").orThrow()
                .equals(sellersBefore));
        out.println("   catalog (reads v1) counts units ordered from both kinds of entries:");
        for (JsonNode seller : client.get(ServiceName.CATALOG, "/bestsellers").orThrow()) {
            out.printf("     %-10s %3d units in %2d orders by %2d customers%n", seller.path("sku").asText(),
                    seller.path("units").asLong(), seller.path("orders").asLong(), seller.path("customers").asLong());
        }
    }

    private Books.Result books() throws Exception {
        section("The books, checked across services through their HTTP APIs", "");
        Books books = new Books(client);
        if (!books.awaitSettled(SETTLE)) {
            out.println("   some orders did not settle within " + SETTLE.toSeconds() + " s");
        }
        Books.Result result = books.check();
        for (String line : result.lines()) {
            out.println("   " + line);
        }
        for (String failure : result.failures()) {
            out.println("   FAILED: " + failure);
        }
        out.println(result.balanced() ? "   The books balance." : "   The books do NOT balance.");
        return result;
    }

    // ------------------------------------------------------------------------------------ helpers

    private void section(String title, String what) {
        out.println();
        out.println(title);
        if (!what.isEmpty()) {
            out.println("   (" + what + ")");
        }
    }

    private JsonNode place(String orderId, String customerId, String customerName, Map<String, Integer> items,
            String card, String address) {
        List<Map<String, Object>> lines = new ArrayList<>();
        new TreeMap<>(items).forEach((sku, quantity) -> lines.add(Map.of("sku", sku, "quantity", quantity)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("customer", Map.of("id", customerId, "name", customerName));
        body.put("lines", lines);
        body.put("cardNumber", card);
        body.put("address", address);
        return client.post(ServiceName.ORDERS, "/orders", "place-" + orderId, body).orThrow();
    }

    private JsonNode placeAndSettle(String orderId, String customerId, String customerName, Map<String, Integer> items,
            String card, String address) throws Exception {
        JsonNode placed = place(orderId, customerId, customerName, items, card, address);
        out.printf("   %s orders %s for %s, card ending %s, to %s%n", customerName, describeItems(items),
                placed.path("total").asText(), card.substring(card.length() - 4), address);
        long start = System.nanoTime();
        JsonNode order = settle(orderId);
        out.printf("   -> %s in %d ms%n", describe(order), millisSince(start));
        return order;
    }

    private void settleAndShow(String orderId, String customerId, String customerName, Map<String, Integer> items)
            throws Exception {
        JsonNode order = placeAndSettle(orderId, customerId, customerName, items, GOOD_CARD, "2 Lambda Lane");
        expect(order, "SHIPPED");
    }

    private JsonNode settle(String orderId) throws Exception {
        await("order " + orderId + " to settle", () -> {
            ShopClient.Reply reply = client.get(ServiceName.ORDERS, "/orders/" + orderId);
            return reply.ok() && reply.body().path("settled").asBoolean();
        });
        return client.get(ServiceName.ORDERS, "/orders/" + orderId).orThrow();
    }

    private void timeline(String orderId) throws Exception {
        String status = client.get(ServiceName.ORDERS, "/orders/" + orderId).orThrow().path("status").asText();
        await("the order history to show " + orderId + " " + status, () -> {
            ShopClient.Reply reply = client.get(ServiceName.ORDER_HISTORY, "/orders/" + orderId);
            return reply.ok() && reply.body().path("order").path("status").asText().equals(status);
        });
        JsonNode view = client.get(ServiceName.ORDER_HISTORY, "/orders/" + orderId).orThrow();
        out.println("   order history's timeline of " + orderId + ":");
        for (JsonNode step : view.path("timeline")) {
            out.printf("     %s  %-9s %s%n", CLOCK.format(Instant.parse(step.path("at").asText())),
                    step.path("source").asText(), step.path("what").asText());
        }
    }

    private static String describe(JsonNode order) {
        String status = order.path("status").asText();
        switch (status) {
            case "SHIPPED":
                return "SHIPPED, tracking number " + order.path("trackingNumber").asText();
            case "REJECTED":
            case "CANCELLED":
                return status + ": " + order.path("reason").asText();
            default:
                return status;
        }
    }

    private static String describeItems(Map<String, Integer> items) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(items).forEach((sku, quantity) -> out.append(out.length() == 0 ? "" : " + ").append(quantity)
                .append(" x ").append(sku));
        return out.toString();
    }

    private static String name(JsonNode summary) {
        return summary.path("customerName").isNull() ? "(no name in v1; id " + summary.path("customerId").asText() + ")"
                : summary.path("customerName").asText();
    }

    private static Map<Integer, Integer> versionsOf(JsonNode feed) {
        Map<Integer, Integer> versions = new TreeMap<>();
        for (JsonNode entry : feed.path("entries")) {
            if (entry.path("type").asText().equals("OrderPlaced")) {
                versions.merge(entry.path("version").asInt(), 1, Integer::sum);
            }
        }
        return versions;
    }

    /** True once the reactor, every partition of it, has reacted up to the position again. */
    private boolean caughtUp(String reactor, long position) {
        JsonNode reactors = client.get(ServiceName.ORDERS, "/status").orThrow().path("reactors");
        boolean seen = false;
        for (Iterator<Map.Entry<String, JsonNode>> each = reactors.fields(); each.hasNext();) {
            Map.Entry<String, JsonNode> one = each.next();
            if (one.getKey().equals(reactor) || one.getKey().startsWith(reactor + "#")) {
                seen = true;
                if (one.getValue().path("position").asLong() < position) {
                    return false;
                }
            }
        }
        return seen;
    }

    private JsonNode peer(String name) {
        return client.get(ServiceName.ORDERS, "/status").orThrow().path("commands").path(name);
    }

    private String waitingFor(String name) {
        JsonNode peer = peer(name);
        return peer.path("waiting").asBoolean() ? "waiting for " + name + " since "
                + CLOCK.format(Instant.parse(peer.path("since").asText())) + " (" + peer.path("lastError").asText()
                + "), " + peer.path("failures").asLong() + " attempts so far, retrying with back-off" : null;
    }

    private void expect(JsonNode order, String status) {
        if (!order.path("status").asText().equals(status)) {
            throw new IllegalStateException("order " + order.path("orderId").asText() + " ended " + describe(order)
                    + ", expected " + status);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Something to wait for. */
    @FunctionalInterface
    interface Condition {
        /**
         * @return true once it holds
         * @throws Exception if it cannot be told now; an {@link IllegalStateException} (a service that
         *     does not answer) is waited out
         */
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        await(what, SETTLE, condition);
    }

    /**
     * Waits for a condition, asking every 50 ms, while services may be down or restarting.
     *
     * @param what what is waited for, for the message
     * @param timeout how long to wait at most
     * @param condition the condition
     * @throws IllegalStateException if it does not hold within the timeout
     * @throws Exception what the condition threw, but for an {@link IllegalStateException}
     */
    static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IllegalStateException notAnswering) {
                // a service is restarting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
