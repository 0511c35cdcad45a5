package dev.eventstore.examples.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventstore.http.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page's server against stand-in services that answer as the shop's do: the operator's view
 * (checkpoints, and lags from the services' metrics, a service down or not answering), the
 * pass-through of the services' APIs and problems, and the operator's buttons. The page in a real
 * browser, against the real processes, is the launcher's {@code ShopPageTest}.
 */
class ShopWebTest {

    private final List<HttpServer> services = new ArrayList<>();
    private final FakeOperator operator = new FakeOperator();
    private final HttpClient http = HttpClient.newHttpClient();
    private ShopWeb web;

    @BeforeEach
    void start() throws IOException {
        // payments publishes entries at 2, 5 and 9 of its log, whose head is 9.
        serve("payments", Map.of(
                "/status", "{\"service\":\"payments\",\"head\":9,\"reactors\":{\"payments-publisher\":"
                        + "{\"state\":\"LIVE\",\"position\":9}}}",
                "/feed", "feed",
                "/payments", "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"amount must be more than 0, was: -1\",\"field\":\"amount\"}"));
        // orders has read payments' feed up to 2; its metrics say the positions from 2 to 9 wait, the oldest
        // for 1.5 s.
        serve("orders", Map.of("/status", "{\"service\":\"orders\",\"head\":20,\"reactors\":{\"from-payments\":"
                + "{\"state\":\"LIVE\",\"position\":2},\"to-payments\":{\"state\":\"LIVE\",\"position\":19}},"
                + "\"feeds\":{\"payments\":{\"waiting\":false}},"
                + "\"consumers\":{\"from-payments\":{\"lagEvents\":8,\"lagMillis\":1500,\"events\":1}}}"));
        operator.add("shipping", URI.create("http://127.0.0.1:" + deadPort()), "jdbc:sqlite:/data/shipping.db", -1);
        operator.add("catalog", URI.create("http://127.0.0.1:" + deadPort()),
                "jdbc:postgresql://db.example:5432/shop_catalog?user=shop&password=secret", 4242);
        web = ShopWeb.start(operator, 0);
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
        services.forEach(HttpServers::stop);
    }

    @Test
    void theOperatorSeesEachServicesStateDatabaseHeadAndEachConsumersCheckpointAndLag() throws Exception {
        JsonNode view = Wire.JSON.readTree(get("/ops").body());
        Map<String, JsonNode> byName = new ConcurrentHashMap<>();
        view.path("services").forEach(s -> byName.put(s.path("name").asText(), s));
        assertThat(view.path("services")).extracting(s -> s.path("name").asText())
                .containsExactly("payments", "orders", "shipping", "catalog");

        JsonNode orders = byName.get("orders");
        assertThat(orders.path("state").asText()).isEqualTo("up");
        assertThat(orders.path("head").asLong()).isEqualTo(20);
        assertThat(orders.path("database").path("kind").asText()).isEqualTo("SQLite file");
        JsonNode consumer = orders.path("consumers").get(0);
        assertThat(consumer.path("name").asText()).isEqualTo("from-payments");
        assertThat(consumer.path("feed").asText()).isEqualTo("payments");
        assertThat(consumer.path("checkpoint").asLong()).isEqualTo(2);
        assertThat(consumer.path("lag").asInt()).as("the lag orders' metrics report").isEqualTo(8);
        assertThat(consumer.path("lagMillis").asInt()).isEqualTo(1500);
        assertThat(orders.path("reactors")).extracting(r -> r.path("name").asText()).containsExactly("to-payments");

        assertThat(byName.get("payments").path("consumers")).isEmpty();
        assertThat(byName.get("payments").path("head").asLong()).isEqualTo(9);

        JsonNode shipping = byName.get("shipping");
        assertThat(shipping.path("state").asText()).isEqualTo("down");
        assertThat(shipping.path("problem").asText()).isEqualTo("shipping is not running");
        assertThat(shipping.has("head")).isFalse();

        JsonNode catalog = byName.get("catalog");
        assertThat(catalog.path("state").asText()).as("a process that does not answer").isEqualTo("not answering");
        assertThat(catalog.path("problem").asText()).startsWith("catalog is down: nothing answers at http://127.0.0.1:");
        assertThat(catalog.path("database").path("kind").asText()).isEqualTo("PostgreSQL database");
        assertThat(catalog.path("database").path("name").asText()).as("never the password")
                .isEqualTo("shop_catalog on db.example:5432");
    }

    @Test
    void theServicesAnswersAndProblemsPassThroughAndADownServiceIsAProblemNamingIt() throws Exception {
        HttpResponse<String> status = get("/api/payments/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(Wire.JSON.readTree(status.body()).path("head").asLong()).isEqualTo(9);

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(web.url().resolve("/api/payments/payments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"c1\",\"amount\":-1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Wire.JSON.readTree(refused.body()).path("field").asText()).isEqualTo("amount");
        assertThat(received).as("the command reached payments as sent").containsExactly("{\"commandId\":\"c1\",\"amount\":-1}");

        HttpResponse<String> down = get("/api/shipping/shipments");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode problem = Wire.JSON.readTree(down.body());
        assertThat(problem.path("service").asText()).isEqualTo("shipping");
        assertThat(problem.path("detail").asText()).startsWith("shipping is down: nothing answers at http://127.0.0.1:");

        assertThat(get("/api/warehouse/stock").statusCode()).isEqualTo(404);
        assertThat(Wire.JSON.readTree(get("/api/warehouse/stock").body()).path("detail").asText())
                .isEqualTo("no service 'warehouse'; the services are [payments, orders, shipping, catalog]");
    }

    @Test
    void theOperatorsButtonsStopAndStartServicesAndRefuseWhatCannotBeDone() throws Exception {
        assertThat(post("/ops/services/shipping/start").statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (operator.pid("shipping") < 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(operator.actions).containsExactly("start shipping");
        JsonNode shipping = Wire.JSON.readTree(get("/ops").body()).path("services").get(2);
        assertThat(shipping.path("lastAction").asText()).startsWith("started in ");

        HttpResponse<String> running = post("/ops/services/payments/start");
        assertThat(running.statusCode()).isEqualTo(409);
        assertThat(Wire.JSON.readTree(running.body()).path("detail").asText())
                .isEqualTo("payments is running already (pid 1)");
        assertThat(post("/ops/services/payments/launch").statusCode()).isEqualTo(404);
        assertThat(post("/ops/services/billing/stop").statusCode()).isEqualTo(404);

        assertThat(post("/ops/services/payments/stop").statusCode()).isEqualTo(202);
        while (operator.pid("payments") >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(operator.actions).containsExactly("start shipping", "stop payments");
        assertThat(Wire.JSON.readTree(post("/ops/services/payments/stop").body()).path("detail").asText())
                .isEqualTo("payments is not running");
    }

    @Test
    void thePageIsServedAsPlainFiles() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/shop.js\" defer></script>");
        assertThat(get("/shop.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/shop.css").statusCode()).isEqualTo(200);
        assertThat(get("/secrets.txt").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------ stand-ins

    private final List<String> received = new CopyOnWriteArrayList<>();

    private void serve(String name, Map<String, String> answers) throws IOException {
        HttpServer server = HttpServers.create(new InetSocketAddress("127.0.0.1", 0));
        answers.forEach((path, answer) -> server.createContext(path, exchange -> {
            if (answer.equals("feed")) {
                answer(exchange, 200, "application/json", feed(exchange.getRequestURI().getQuery()));
            } else if (exchange.getRequestMethod().equals("POST")) {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer(exchange, 400, "application/problem+json", answer);
            } else {
                answer(exchange, 200, "application/json", answer);
            }
        }));
        server.start();
        services.add(server);
        operator.add(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "jdbc:sqlite:/data/"
                + name + ".db", 1);
    }

    private static String feed(String query) {
        long after = Long.parseLong(query.replaceAll(".*after=([0-9]+).*", "$1"));
        List<String> entries = new ArrayList<>();
        for (long position : new long[] {2, 5, 9}) {
            if (position > after) {
                entries.add("{\"position\":" + position + ",\"type\":\"PaymentCaptured\",\"version\":1,\"data\":{}}");
            }
        }
        return "{\"entries\":[" + String.join(",", entries) + "],\"head\":9}";
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(web.url().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(web.url().resolve(path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Services by name, with a process id each; start and stop only record what was asked. */
    private static final class FakeOperator implements Operator {
        private final Map<String, URI> urls = new java.util.LinkedHashMap<>();
        private final Map<String, String> databases = new ConcurrentHashMap<>();
        private final Map<String, Long> pids = new ConcurrentHashMap<>();
        final List<String> actions = new CopyOnWriteArrayList<>();

        void add(String name, URI url, String database, long pid) {
            urls.put(name, url);
            databases.put(name, database);
            pids.put(name, pid);
        }

        @Override
        public List<String> services() {
            return List.copyOf(urls.keySet());
        }

        @Override
        public URI url(String service) {
            return urls.get(service);
        }

        @Override
        public String database(String service) {
            return databases.get(service);
        }

        @Override
        public long pid(String service) {
            return pids.get(service);
        }

        @Override
        public void stop(String service) {
            actions.add("stop " + service);
            pids.put(service, -1L);
        }

        @Override
        public void start(String service) {
            actions.add("start " + service);
            pids.put(service, 7L);
        }

        @Override
        public void set(String service, String key, String value) {
            actions.add("set " + service + " " + key + "=" + value);
        }
    }
}
