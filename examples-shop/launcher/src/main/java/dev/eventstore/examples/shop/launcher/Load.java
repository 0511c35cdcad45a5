package dev.eventstore.examples.shop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.RecordedEvent;
import dev.eventstore.http.FeedReadException;
import dev.eventstore.http.HttpEventFeed;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The shop under load: concurrent customers place orders end to end through the running services,
 * and each waits until its order is confirmed. Every order is placed with {@code POST /orders} and a
 * command id, as a browser would; the customer then waits for the order's {@code OrderConfirmed} on
 * the orders service's feed, which one reader follows for all of them with long polls (the library's
 * {@link HttpEventFeed}), so nobody polls.
 *
 * <p>Two ways to offer orders:
 *
 * <ul>
 *   <li><b>as fast as they go</b> ({@code rate} 0): each customer places an order, waits for its
 *       confirmation, and places the next one at once; the orders per second are the shop's
 *       throughput with that many customers;</li>
 *   <li><b>at a fixed rate</b>: orders are due at fixed intervals; whichever customer is free places the
 *       next one and does not wait for its confirmation, and its latency counts from when it was due.
 *       A shop that falls behind the rate shows it in the latencies (no coordinated omission), not by
 *       slowing its customers down; after the time is up it works off its backlog.</li>
 * </ul>
 *
 * Orders placed during the warm-up count for the books but not for the figures. Afterwards every
 * order must ship ({@code OrderShipped} on the feed), the order history must agree, and the books
 * ({@link Books}) must balance; what does not is in {@link Result#failures()}.
 *
 * <p>Where the time goes: for a sample of the measured orders, the order history's timeline says when
 * each service recorded its step; {@link Result#steps()} gives the time between consecutive steps.
 */
public final class Load {

    /** The card the simulated gateway authorises. */
    private static final String CARD = "4111 1111 1111 1111";
    /** How many measured orders' timelines are read for the steps. */
    private static final int TIMELINE_SAMPLE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The steps of a checkout that ends well, as the order history's timeline shows them: the
     * service that recorded it and how many of that service's steps came before it.
     */
    private static final List<TimelineStep> CHECKOUT = List.of(
            new TimelineStep("reserve", "the stock reserved (inventory)", "inventory", 0),
            new TimelineStep("authorise", "the card authorised (payments)", "payments", 0),
            new TimelineStep("capture", "the payment captured (payments)", "payments", 1),
            new TimelineStep("commit", "the stock taken (inventory)", "inventory", 1),
            new TimelineStep("book", "the shipment booked (shipping)", "shipping", 0),
            new TimelineStep("confirm", "the order confirmed (orders)", "orders", 1));

    private final Deployment shop;
    private final ShopClient client;
    private final Settings settings;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong slots = new AtomicLong();
    private final List<String> skus = new ArrayList<>();

    /**
     * What to run.
     *
     * @param customers how many customers place orders at once, from 1
     * @param duration how long orders are measured, after the warm-up; above zero
     * @param warmup how long orders are placed before they count; zero or more
     * @param rate orders per second offered; 0 for as fast as the customers go
     * @param products how many products the orders pick from, 1 to 1000
     * @param timeout how long an order may take to be confirmed, and the orders to ship and the books to
     *     settle after the run, before it counts as stuck; above zero
     */
    public record Settings(int customers, Duration duration, Duration warmup, double rate, int products,
            Duration timeout) {
        /** @throws IllegalArgumentException naming the setting that is out of range */
        public Settings {
            if (customers < 1) {
                throw new IllegalArgumentException("customers must be at least 1, was: " + customers);
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be above zero, was: " + duration);
            }
            if (warmup == null || warmup.isNegative()) {
                throw new IllegalArgumentException("warmup must be zero or more, was: " + warmup);
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be 0 (as fast as they go) or above, was: " + rate);
            }
            if (products < 1 || products > 1000) {
                throw new IllegalArgumentException("products must be between 1 and 1000, was: " + products);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be above zero, was: " + timeout);
            }
        }

        /** @return true if orders are offered at a fixed rate */
        public boolean paced() {
            return rate > 0;
        }
    }

    /**
     * Latencies, in milliseconds; all zero when nothing was measured.
     *
     * @param count how many were measured
     * @param p50 the median
     * @param p99 the 99th percentile (nearest rank)
     * @param max the longest
     * @param mean the mean
     */
    public record Latency(int count, double p50, double p99, double max, double mean) {
        static Latency of(long[] nanos) {
            if (nanos.length == 0) {
                return new Latency(0, 0, 0, 0, 0);
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double sum = 0;
            for (long value : sorted) {
                sum += value;
            }
            return new Latency(sorted.length, millis(rank(sorted, 0.50)), millis(rank(sorted, 0.99)),
                    millis(sorted[sorted.length - 1]), millis(sum / sorted.length));
        }

        private static long rank(long[] sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        private static double millis(double nanos) {
            return nanos / 1e6;
        }
    }

    /**
     * The time between two steps of the checkout, over the orders sampled.
     *
     * @param key a short name, for files: {@code place}, {@code reserve}, ... {@code hear}
     * @param name what ends the step
     * @param latency the time from the step before, in milliseconds
     */
    public record Step(String key, String name, Latency latency) {
    }

    /**
     * What the run measured.
     *
     * @param settings what was run
     * @param placed every order placed, the warm-up's included
     * @param notPlaced at a fixed rate, the orders due before the end that no customer was free to place
     *     by then, because the shop fell behind; 0 otherwise
     * @param ended the orders the shop cancelled or rejected rather than shipped, by what it said (a
     *     payment deadline that passed while the shop was behind, say): outcomes its books account for,
     *     not failures
     * @param ordersPerSecond orders confirmed per second while measuring (whenever they were placed)
     * @param overallPerSecond orders confirmed per second from the first order to the last confirmation,
     *     the warm-up's and a backlog worked off after the time was up included: at a fixed rate above
     *     what the shop takes, what it took
     * @param toConfirmed from placing (or from when it was due, at a fixed rate) to the customer hearing of
     *     the confirmation
     * @param place the {@code POST /orders} alone, until its answer
     * @param steps the checkout, step by step, over a sample of the measured orders
     * @param eventsPerOrder events appended per order placed, by service, from their heads before and after
     * @param cpuPerOrder milliseconds of CPU time each service's process spent per order placed, from the
     *     first order until the last one shipped; empty for a service whose CPU time the system does not tell
     * @param books the books after the run
     * @param failures orders refused, not confirmed in time or stuck (not final), and what does not
     *     balance; empty if all went well
     */
    public record Result(Settings settings, int placed, int notPlaced, Map<String, Integer> ended,
            double ordersPerSecond, double overallPerSecond, Latency toConfirmed, Latency place, List<Step> steps,
            Map<ServiceName, Double> eventsPerOrder, Map<ServiceName, Double> cpuPerOrder, Books.Result books,
            List<String> failures) {
        /** @return true if no order was refused or stuck, and the books balance */
        public boolean ok() {
            return failures.isEmpty();
        }

        /** @return the events appended per order in all the services together */
        public double totalEventsPerOrder() {
            return eventsPerOrder.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * @param shop the running shop
     * @param settings what to run
     * @param out where progress goes
     */
    public Load(Deployment shop, Settings settings, PrintStream out) {
        this.shop = shop;
        this.client = new ShopClient(shop::url);
        this.settings = settings;
        this.out = out;
    }

    /**
     * Stocks the shop, runs the customers, waits for every order to ship, and checks the books.
     *
     * @return the figures, and what went wrong
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if the shop cannot be stocked
     */
    public Result run() throws InterruptedException {
        stock();
        Map<ServiceName, Long> headsBefore = heads();
        Map<ServiceName, Duration> cpuBefore = cpu();
        List<String> failures = new ArrayList<>();
        long start;
        long measureFrom;
        long end;
        try (Watcher watcher = new Watcher()) {
            start = System.nanoTime();
            measureFrom = start + settings.warmup().toNanos();
            end = measureFrom + settings.duration().toNanos();
            out.printf("%d customers place orders %s for %d s (after a warm-up of %d s)%n", settings.customers(),
                    settings.paced() ? String.format(Locale.ROOT, "at %.0f a second", settings.rate())
                            : "as fast as they go", settings.duration().toSeconds(), settings.warmup().toSeconds());
            ExecutorService customers = Executors.newFixedThreadPool(settings.customers(), task -> {
                Thread thread = new Thread(task, "customer");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < settings.customers(); i++) {
                    int customer = i + 1;
                    running.add(customers.submit(() -> shop(customer, start, end)));
                }
                for (Future<?> customer : running) {
                    try {
                        customer.get();
                    } catch (ExecutionException e) {
                        failures.add("a customer failed: " + e.getCause());
                    }
                }
            } finally {
                customers.shutdownNow();
            }
            out.printf("%d orders placed; waiting for every one to ship%n", orders.size());
            awaitShipped(failures);
        }
        Map<ServiceName, Duration> cpuAfter = cpu();
        Books books = new Books(client);
        if (!books.awaitSettled(settings.timeout())) {
            failures.add("not settled within " + settings.timeout().toSeconds() + " s: " + books.unsettled());
        }
        Books.Result result = books.check();
        failures.addAll(result.failures());

        List<Order> measured = new ArrayList<>();
        Map<String, Integer> ended = new java.util.TreeMap<>();
        int confirmedWhileMeasured = 0;
        int confirmedInAll = 0;
        long lastConfirmed = start;
        for (Order order : orders.values()) {
            if (order.due - measureFrom >= 0 && order.due - end < 0) {
                measured.add(order);
            }
            if (order.confirmedAt != 0 && order.confirmedAt - measureFrom >= 0 && order.confirmedAt - end < 0) {
                confirmedWhileMeasured++;
            }
            if (order.confirmedAt != 0) {
                confirmedInAll++;
                lastConfirmed = Math.max(lastConfirmed, order.confirmedAt);
            }
            if (order.failure != null) {
                failures.add(order.failure);
            }
            if (order.ended != null && order.failure == null) {
                ended.merge(order.ended.replaceAll(" by \\d\\d:\\d\\d:\\d\\d\\.\\d+ UTC", ""), 1, Integer::sum);
            }
        }
        measured.sort((a, b) -> Long.compare(a.due, b.due));
        long[] toConfirmed = new long[measured.size()];
        long[] place = new long[measured.size()];
        int confirmed = 0;
        for (Order order : measured) {
            if (order.confirmedAt > 0) {
                toConfirmed[confirmed] = order.confirmedAt - order.due;
                place[confirmed] = order.answeredAt - order.sentAt;
                confirmed++;
            }
        }
        double seconds = settings.duration().toNanos() / 1e9;
        Map<ServiceName, Long> headsAfter = heads();
        Map<ServiceName, Double> eventsPerOrder = new LinkedHashMap<>();
        headsAfter.forEach((name, head) -> eventsPerOrder.put(name,
                orders.isEmpty() ? 0 : (head - headsBefore.get(name)) / (double) orders.size()));
        Map<ServiceName, Double> cpuPerOrder = new LinkedHashMap<>();
        cpuAfter.forEach((name, after) -> cpuPerOrder.put(name, orders.isEmpty() || !cpuBefore.containsKey(name) ? 0
                : after.minus(cpuBefore.get(name)).toNanos() / 1e6 / orders.size()));
        int notPlaced = 0;
        if (settings.paced()) {
            long due = (long) Math.ceil((end - start) * settings.rate() / 1e9);
            notPlaced = (int) Math.max(0, due - orders.size());
        }
        double overall = lastConfirmed == start ? 0 : confirmedInAll / ((lastConfirmed - start) / 1e9);
        return new Result(settings, orders.size(), notPlaced, Map.copyOf(ended), confirmedWhileMeasured / seconds,
                overall,
                Latency.of(Arrays.copyOf(toConfirmed, confirmed)), Latency.of(Arrays.copyOf(place, confirmed)),
                steps(measured), eventsPerOrder, cpuPerOrder, result, List.copyOf(failures));
    }

    // ------------------------------------------------------------------------------------ the shop

    /** Lists the products, receives plenty of each, and waits until orders knows every price. */
    private void stock() throws InterruptedException {
        for (int i = 1; i <= settings.products(); i++) {
            String sku = String.format(Locale.ROOT, "LOAD-%03d", i);
            skus.add(sku);
            client.post(ServiceName.CATALOG, "/products", "load-list-" + sku, Map.of("sku", sku, "name",
                    "Load product " + i, "price", new BigDecimal(i % 9 + 1).add(new BigDecimal("0.50")))).orThrow();
            client.post(ServiceName.INVENTORY, "/stock/" + sku + "/receive", "load-receive-" + run + "-" + sku,
                    Map.of("quantity", 100_000)).orThrow();
        }
        // Setting up only: orders learns the prices from the catalog's feed, and says so on /products.
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (client.get(ServiceName.ORDERS, "/products").orThrow().size() < settings.products()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("orders did not learn the prices of the " + settings.products()
                        + " products within " + settings.timeout().toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** One customer: places orders until the end, each once the previous one is confirmed. */
    private void shop(int customer, long start, long end) {
        long interval = settings.paced() ? (long) (1e9 / settings.rate()) : 0;
        while (!Thread.currentThread().isInterrupted()) {
            long due;
            if (settings.paced()) {
                // Once the time is up, orders still due are not placed: a shop that fell behind the rate
                // says so in notPlaced rather than by running on for as long as its backlog lasts.
                if (System.nanoTime() - end >= 0) {
                    return;
                }
                due = start + slots.getAndIncrement() * interval;
                if (due - end >= 0) {
                    return;
                }
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                due = System.nanoTime();
                if (due - end >= 0) {
                    return;
                }
            }
            Order order = new Order(run + "-" + customer + "-" + sequence.incrementAndGet(), customer, due);
            orders.put(order.id, order);
            if (!place(order) || settings.paced()) {
                // At a fixed rate the next order is due whatever became of this one: the watcher
                // records its confirmation, and the end of the run waits for it.
                continue;
            }
            try {
                order.confirmed.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                order.fail("order " + order.id + " was not confirmed within " + settings.timeout().toSeconds() + " s");
            } catch (ExecutionException e) {
                // Ended by the shop (cancelled, rejected), or failed already: counted at the end.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean place(Order order) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int lines = 1 + random.nextInt(Math.min(3, skus.size()));
        List<String> picked = new ArrayList<>(skus);
        java.util.Collections.shuffle(picked, random);
        List<Map<String, Object>> items = new ArrayList<>();
        for (String sku : picked.subList(0, lines)) {
            items.add(Map.of("sku", sku, "quantity", 1 + random.nextInt(3)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", order.id);
        body.put("customer", Map.of("id", "c-load-" + order.customer, "name", "Load customer " + order.customer));
        body.put("lines", items);
        body.put("cardNumber", CARD);
        body.put("address", order.customer + " Load Street");
        order.sentMillis = System.currentTimeMillis();
        order.sentAt = System.nanoTime();
        ShopClient.Reply reply;
        try {
            reply = client.post(ServiceName.ORDERS, "/orders", "place-" + order.id, body);
        } catch (IllegalStateException e) {
            order.fail("order " + order.id + " could not be placed: " + e.getMessage());
            return false;
        }
        order.answeredAt = System.nanoTime();
        if (reply.status() != 201) {
            order.fail("order " + order.id + " was refused: HTTP " + reply.status() + " " + reply.body());
            return false;
        }
        return true;
    }

    /**
     * Waits until every order placed has shipped (or failed), for as long as orders keep shipping: a shop
     * that fell behind the offered rate works off its backlog; one where nothing ships for the timeout
     * has orders stuck.
     */
    private void awaitShipped(List<String> failures) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long done = -1;
        while (true) {
            long now = orders.values().stream().filter(o -> o.shipped.isDone()).count();
            if (now == orders.size()) {
                return;
            }
            if (now > done) {
                done = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > settings.timeout().toNanos()) {
                List<String> stuck = orders.values().stream().filter(o -> !o.shipped.isDone()).map(o -> o.id)
                        .sorted().toList();
                failures.add(stuck.size() + " orders did not ship, and none shipped for "
                        + settings.timeout().toSeconds() + " s, such as "
                        + stuck.subList(0, Math.min(5, stuck.size())));
                return;
            }
            // The orders' own futures, in this process: the watcher completes them as the feed tells.
            Thread.sleep(200);
        }
    }

    /**
     * Each service's log head, for those whose log holds events and is a SQLite file: there positions
     * are dense, so heads count events. PostgreSQL's positions leave holes.
     */
    private Map<ServiceName, Long> heads() {
        Map<ServiceName, Long> heads = new LinkedHashMap<>();
        for (ServiceName name : ServiceName.values()) {
            if (!shop.database(name).startsWith("jdbc:sqlite:")) {
                continue;
            }
            JsonNode head = client.get(name, "/status").orThrow().path("head");
            if (head.isNumber()) {
                heads.put(name, head.asLong());
            }
        }
        return heads;
    }

    /** The CPU time each service's process has used so far, for those the system tells it of. */
    private Map<ServiceName, Duration> cpu() {
        Map<ServiceName, Duration> cpu = new LinkedHashMap<>();
        for (ServiceName name : ServiceName.values()) {
            ProcessHandle.of(shop.pid(name)).flatMap(p -> p.info().totalCpuDuration())
                    .ifPresent(time -> cpu.put(name, time));
        }
        return cpu;
    }

    // ------------------------------------------------------------------------------------ the steps

    /** The time between the checkout's steps, from the order history's timelines of some orders. */
    private List<Step> steps(List<Order> measured) {
        Map<String, List<Long>> gaps = new LinkedHashMap<>();
        gaps.put("place", new ArrayList<>());
        CHECKOUT.forEach(step -> gaps.put(step.key(), new ArrayList<>()));
        gaps.put("hear", new ArrayList<>());
        List<Order> confirmed = measured.stream().filter(o -> o.confirmedAt > 0).toList();
        int every = Math.max(1, confirmed.size() / TIMELINE_SAMPLE);
        for (int i = 0; i < confirmed.size(); i += every) {
            Order order = confirmed.get(i);
            Map<String, Long> at = timeline(order.id);
            if (at == null) {
                continue;
            }
            long previous = at.get("place");
            gaps.get("place").add(previous - order.sentMillis);
            for (TimelineStep step : CHECKOUT) {
                long now = at.get(step.key());
                gaps.get(step.key()).add(now - previous);
                previous = now;
            }
            gaps.get("hear").add(order.confirmedMillis - previous);
        }
        Map<String, String> names = new HashMap<>();
        names.put("place", "the order placed (orders)");
        CHECKOUT.forEach(step -> names.put(step.key(), step.name()));
        names.put("hear", "the customer hears of it (orders' feed)");
        List<Step> steps = new ArrayList<>();
        gaps.forEach((key, millis) -> steps.add(new Step(key, names.get(key),
                Latency.of(millis.stream().mapToLong(m -> m * 1_000_000).toArray()))));
        return steps;
    }

    /** When each step of an order happened, by step key (and {@code place}); null if one is missing. */
    private Map<String, Long> timeline(String orderId) {
        ShopClient.Reply reply = client.get(ServiceName.ORDER_HISTORY, "/orders/" + orderId);
        if (!reply.ok()) {
            return null;
        }
        Map<String, List<Long>> bySource = new HashMap<>();
        for (JsonNode step : reply.body().path("timeline")) {
            bySource.computeIfAbsent(step.path("source").asText(), s -> new ArrayList<>())
                    .add(Instant.parse(step.path("at").asText()).toEpochMilli());
        }
        Map<String, Long> at = new HashMap<>();
        List<Long> ofOrders = bySource.getOrDefault("orders", List.of());
        if (ofOrders.isEmpty()) {
            return null;
        }
        at.put("place", ofOrders.get(0));
        for (TimelineStep step : CHECKOUT) {
            List<Long> ofSource = bySource.getOrDefault(step.source(), List.of());
            if (ofSource.size() <= step.index()) {
                return null;
            }
            at.put(step.key(), ofSource.get(step.index()));
        }
        return at;
    }

    /** A step of the timeline: the {@code index}-th one that {@code source} recorded for the order. */
    private record TimelineStep(String key, String name, String source, int index) {
    }

    // ------------------------------------------------------------------------------------ orders

    /** One order, as its customer sees it. Times are {@link System#nanoTime()} unless named millis. */
    private static final class Order {
        final String id;
        final int customer;
        /** When it was due: placed, or meant to be placed at a fixed rate. */
        final long due;
        volatile long sentAt;
        volatile long sentMillis;
        volatile long answeredAt;
        volatile long confirmedAt;
        volatile long confirmedMillis;
        volatile String failure;
        volatile String ended;
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        final CompletableFuture<Void> shipped = new CompletableFuture<>();

        Order(String id, int customer, long due) {
            this.id = id;
            this.customer = customer;
            this.due = due;
        }

        void fail(String why) {
            if (failure == null) {
                failure = why;
            }
            confirmed.completeExceptionally(new IllegalStateException(why));
            shipped.completeExceptionally(new IllegalStateException(why));
        }

        /** The shop ended the order without shipping it: a business outcome, not a fault of the books. */
        void end(String how) {
            ended = how;
            confirmed.completeExceptionally(new IllegalStateException(how));
            shipped.completeExceptionally(new IllegalStateException(how));
        }
    }

    /**
     * Follows the orders feed from its head with long polls, and tells each order's customer what
     * became of it.
     */
    private final class Watcher implements AutoCloseable {
        private final HttpEventFeed feed = HttpEventFeed.builder(shop.url(ServiceName.ORDERS).resolve("/feed"))
                .name("orders").build();
        private final Thread thread;
        private volatile boolean closed;

        Watcher() throws InterruptedException {
            long head = feed.headPosition();
            thread = new Thread(() -> follow(head), "orders-feed-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(long after) {
            while (!closed) {
                List<RecordedEvent> page;
                try {
                    page = feed.read(after, 1000);
                } catch (FeedReadException e) {
                    out.println("   the orders feed does not answer (" + e.getMessage() + "); reading again");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    continue;
                } catch (InterruptedException e) {
                    return;
                }
                if (page == null) {
                    return;
                }
                long now = System.nanoTime();
                long nowMillis = System.currentTimeMillis();
                for (RecordedEvent entry : page) {
                    heard(entry, now, nowMillis);
                    after = entry.position();
                }
            }
        }

        private void heard(RecordedEvent entry, long now, long nowMillis) {
            String orderId;
            JsonNode data;
            try {
                data = JSON.readTree(entry.data());
                orderId = data.path("orderId").asText();
            } catch (IOException e) {
                return;
            }
            Order order = orders.get(orderId);
            if (order == null) {
                return;
            }
            switch (entry.type()) {
                case "OrderConfirmed" -> {
                    order.confirmedAt = now;
                    order.confirmedMillis = nowMillis;
                    order.confirmed.complete(null);
                }
                case "OrderShipped" -> order.shipped.complete(null);
                case "OrderRejected", "OrderCancelled" -> order.end(entry.type().substring("Order".length())
                        .toLowerCase(Locale.ROOT) + ": " + data.path("reason").asText());
                default -> {
                    // OrderPlaced: nothing to tell
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            feed.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param values some numbers
     * @return their sum
     */
    static double sum(Map<?, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
