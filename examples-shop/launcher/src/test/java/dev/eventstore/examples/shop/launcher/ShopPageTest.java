package dev.eventstore.examples.shop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.examples.shop.web.ShopWeb;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page end to end: six processes on SQLite files, the page's server, and a real browser
 * (Debian's Chromium, headless, through Selenium) doing what a customer and an operator do. Each
 * browser test saves a screenshot of its final state under {@code target/screenshots/}. Without a
 * browser those tests are skipped loudly (see {@link Browser}); the operator's view and the roll-out
 * are checked over HTTP all the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopPageTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Deployment shop;
    private ShopClient client;
    private ShopWeb web;
    private ChromeDriver browser;
    private Path screenshots;

    @BeforeAll
    void start() throws IOException {
        // Under target/, not a temporary directory: the services' logs stay for a look after a failure.
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "web-shop-");
        screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        shop = new Deployment(data, Deployment.sqliteFiles(data));
        shop.set(ServiceName.PAYMENTS, "gateway-delay-ms", "150");
        shop.set(ServiceName.SHIPPING, "dispatch-delay-ms", "800");
        shop.startAll();
        client = new ShopClient(shop::url);
        Shelves.PRODUCTS.forEach(product -> Shelves.stock(client, product));
        web = ShopWeb.start(new DeploymentOperator(shop), 0);
        browser = Browser.open(data);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void theOperatorSeesEveryServiceItsDatabaseAndEachConsumerCatchingUpWithTheFeedItReads() throws Exception {
        client.post(ServiceName.ORDERS, "/orders", Map.of("orderId", "ops-1", "customer", Map.of("id", "c-ops",
                "name", "Olga"), "lines", List.of(Map.of("sku", "TEA-07", "quantity", 1)), "cardNumber",
                Demo.GOOD_CARD, "address", "1 Control Room")).orThrow();
        assertThat(client.get(ServiceName.ORDERS, "/feed?after=0&limit=1&wait=20").orThrow().path("entries"))
                .as("orders published the order").isNotEmpty();
        JsonNode view = await("every consumer to catch up with the feed it reads", this::ops, ops -> {
            for (JsonNode service : ops.path("services")) {
                for (JsonNode consumer : service.path("consumers")) {
                    if (consumer.path("lag").asInt(-1) != 0) {
                        return false;
                    }
                }
            }
            return ops.path("services").size() == 6;
        });
        for (JsonNode service : view.path("services")) {
            String name = service.path("name").asText();
            assertThat(service.path("state").asText()).as(name).isEqualTo("up");
            assertThat(service.path("pid").asLong()).isEqualTo(shop.pid(ServiceName.of(name)));
            assertThat(service.path("database").path("kind").asText()).isEqualTo("SQLite file");
            assertThat(service.path("database").path("name").asText()).endsWith("/" + name + ".db");
        }
        JsonNode history = view.path("services").get(5);
        assertThat(history.path("consumers")).extracting(c -> c.path("feed").asText())
                .containsExactly("orders", "inventory", "payments", "shipping");
        JsonNode orders = view.path("services").get(4);
        // The order's saga goes on appending meanwhile: the page shows the head once the log is still.
        await("the page to show the orders log's head", this::ops, ops -> ops.path("services").get(4)
                .path("head").asLong() == client.get(ServiceName.ORDERS, "/status").orThrow().path("head").asLong());
        assertThat(orders.path("consumers")).extracting(c -> c.path("name").asText())
                .containsExactly("from-catalog", "from-inventory", "from-payments", "from-shipping");
        assertThat(orders.path("reactors")).extracting(c -> c.path("name").asText())
                .contains("orders-publisher", "to-payments#1/4", "to-payments#4/4", "to-shipping");
    }

    @Test
    @Order(2)
    void anOrderPlacedOnThePageIsWatchedUntilShippedWithoutAReload() throws Exception {
        Browser.assume(browser);
        open("Page Ada");
        Object loadedAt = browser.executeScript("return window.shopLoadedAt");
        int mugs = stock("MUG-01");
        add("MUG-01");
        add("MUG-01");
        add("TEA-07");
        assertThat(attribute("#cart tr[data-sku='MUG-01'] input.qty", "value")).isEqualTo("2");
        assertThat(text("#cart-total")).isEqualTo("23.50");
        click("#place-order");

        String orderId = newOrder();
        List<String> seen = new ArrayList<>();
        waitUntil("order " + orderId + " to be shipped", () -> {
            String status = text(order(orderId) + " .status");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("Shipped");
        });
        assertThat(seen.get(0)).as("shown at once, as orders answered").isEqualTo("Placed");
        assertThat(timeline(orderId)).containsExactly(
                "orders order placed by Page Ada: 2 x Enamel mug, 1 x Assam tea 250 g, total 23.50",
                "inventory stock reserved: 2 x MUG-01, 1 x TEA-07",
                "payments 23.50 authorised on the card",
                "payments 23.50 charged",
                "inventory stock taken for the shipment",
                timeline(orderId).get(5), // shipping: shipment booked, carrier due at a time of its own
                "orders order confirmed",
                "shipping parcel left with the carrier",
                timeline(orderId).get(8));
        assertThat(timeline(orderId).get(5)).startsWith("shipping shipment booked, carrier due at ");
        assertThat(timeline(orderId).get(8)).startsWith("orders order shipped, tracking number TRK-");
        waitUntil("the shelf to show 2 mugs fewer", () -> stock("MUG-01") == mugs - 2);
        assertThat(browser.executeScript("return window.shopLoadedAt")).as("no reload").isEqualTo(loadedAt);
        screenshot("order-shipped");
    }

    @Test
    @Order(3)
    void aDeclinedCardShowsTheOrderCancelledWithTheReason() throws Exception {
        Browser.assume(browser);
        open("Page Bob");
        add("MUG-01");
        click("#test-cards li[data-outcome='declined']");
        assertThat(attribute("#card-number", "value")).isEqualTo("4000 0000 0000 0002");
        click("#place-order");
        String orderId = newOrder();
        waitUntil("order " + orderId + " to be cancelled",
                () -> text(order(orderId) + " .status").equals("Cancelled"));
        assertThat(text(order(orderId) + " .detail"))
                .isEqualTo("order cancelled: payment declined: insufficient funds");
        waitUntil("the stock to be put back", () -> timeline(orderId).size() == 5);
        assertThat(timeline(orderId)).containsExactly(
                "orders order placed by Page Bob: 1 x Enamel mug, total 8.00",
                "inventory stock reserved: 1 x MUG-01",
                "payments card declined: insufficient funds",
                "inventory reserved stock put back on the shelf",
                "orders order cancelled: payment declined: insufficient funds");
        screenshot("declined-card-cancelled");
    }

    @Test
    @Order(4)
    void anOrderWaitsWhilePaymentsIsStoppedAndCompletesWhenItIsStartedAgain() throws Exception {
        Browser.assume(browser);
        try {
            open("Page Carol");
            click(service("payments") + " button[data-action='stop']");
            waitUntil("payments to show as down", () -> attribute(service("payments"), "data-state")
                    .equals("down"));
            assertThat(text(service("payments") + " .problem")).isEqualTo("payments is not running");
            add("MUG-01");
            click("#place-order");
            String orderId = newOrder();
            waitUntil("order " + orderId + " to wait for payments", () -> text(order(orderId))
                    .contains("waiting for payments"));
            Thread.sleep(2000);
            assertThat(text(order(orderId) + " .status")).as("still waiting").isEqualTo("Placed");
            assertThat(timeline(orderId)).containsExactly(
                    "orders order placed by Page Carol: 1 x Enamel mug, total 8.00",
                    "inventory stock reserved: 1 x MUG-01");
            assertThat(text(order(orderId) + " .waiting")).startsWith("waiting for payments: it has not "
                    + "answered orders since ");
            screenshot("order-waiting-for-payments");

            click(service("payments") + " button[data-action='start']");
            waitUntil("payments to be up", () -> attribute(service("payments"), "data-state").equals("up"));
            waitUntil("order " + orderId + " to be shipped",
                    () -> text(order(orderId) + " .status").equals("Shipped"));
            assertThat(browser.findElements(By.cssSelector(order(orderId) + " .waiting"))).isEmpty();
            assertThat(timeline(orderId)).contains("payments 8.00 charged");
            screenshot("order-shipped-after-payments-restarted");
        } finally {
            if (shop.pid(ServiceName.PAYMENTS) < 0) {
                Thread.sleep(1000); // a start the page asked for may be under way
                if (shop.pid(ServiceName.PAYMENTS) < 0) {
                    shop.start(ServiceName.PAYMENTS);
                }
            }
        }
    }

    @Test
    @Order(5)
    void aBadQuantityShowsTheServicesProblemNextToTheField() throws Exception {
        Browser.assume(browser);
        open("Page Dan");
        add("MUG-01");
        WebElement quantity = find("#cart tr[data-sku='MUG-01'] input.qty");
        quantity.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0");
        click("#place-order");
        WebElement problem = find("[data-problem-for='lines/0/quantity']");
        waitUntil("the problem to show", () -> !problem.getText().isEmpty());
        String fromOrders = client.post(ServiceName.ORDERS, "/orders", Map.of("orderId", "dan-bad", "customer",
                Map.of("id", "c-page-dan", "name", "Page Dan"), "lines", List.of(Map.of("sku", "MUG-01", "quantity", 0)),
                "cardNumber", Demo.GOOD_CARD, "address", "12 Analytical Row")).body().path("detail").asText();
        assertThat(problem.getText()).as("the orders service's own words").isEqualTo(fromOrders)
                .isEqualTo("lines/0/quantity must be between 1 and 100000, was: 0");
        assertThat(quantity.getAttribute("class")).contains("invalid");
        assertThat(browser.findElements(By.cssSelector("#orders article.order"))).as("nothing placed").isEmpty();
        screenshot("bad-quantity");
    }

    @Test
    @Order(6)
    void theRollOutIsReplayedOldReleaseThenNewWithEachReaderServedItsVersion() throws Exception {
        if (browser != null) {
            open("Page Eve");
            click("#replay-rollout");
        } else {
            assertThat(post("/ops/rollout").statusCode()).isEqualTo(202);
        }
        HttpResponse<String> again = post("/ops/rollout");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        JsonNode rollOut = await("the roll-out's replay to end", this::ops,
                ops -> !ops.path("rollOut").path("running").asBoolean()
                        && ops.path("rollOut").path("steps").size() > 0).path("rollOut");
        assertThat(rollOut.path("failure").asText(null)).isNull();
        assertThat(rollOut.path("done").asBoolean()).isTrue();
        List<String> steps = new ArrayList<>();
        rollOut.path("steps").forEach(step -> steps.add(step.path("text").asText()));
        assertThat(String.join("\n", steps)).contains("writes OrderPlaced version 1", "writes OrderPlaced version 2",
                "c-grace (version 1 names no one)", "by Hal Abelson", "the catalog (reads version 1) counts");

        Map<String, Integer> stored = placedVersions("");
        Map<String, Integer> asV1 = placedVersions("&accept=OrderPlaced:1");
        String v1 = stored.keySet().stream().filter(id -> id.startsWith("rollout-") && id.endsWith("-v1")).findFirst()
                .orElseThrow();
        String v2 = v1.replace("-v1", "-v2");
        assertThat(stored).containsEntry(v1, 1).containsEntry(v2, 2).containsEntry("ops-1", 2);
        assertThat(asV1).containsEntry(v1, 1).containsEntry(v2, 1).containsEntry("ops-1", 1);
        assertThat(client.get(ServiceName.ORDER_HISTORY, "/orders/" + v1).orThrow().path("order")
                .path("customerName").isNull()).as("version 1 named no one").isTrue();
        if (browser != null) {
            waitUntil("the page to show the replay's steps", () -> "true".equals(attribute("#rollout-steps", "data-done")));
            assertThat(browser.findElements(By.cssSelector("#rollout-steps li"))).hasSize(steps.size());
            browser.executeScript("document.querySelector('#rollout-steps').scrollIntoView({block: 'end'})");
            screenshot("rollout-replayed");
        }
    }

    // ------------------------------------------------------------------------------------ the page

    private void open(String customer) {
        browser.get(web.url().toString());
        WebElement name = find("#customer-name");
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), customer, Keys.TAB);
        waitUntil("the page to show the shelves", () -> stockText("MUG-01").matches("[0-9]+"));
        waitUntil("the page to list the test cards", () -> !browser.findElements(
                By.cssSelector("#test-cards li[data-outcome]")).isEmpty());
        waitUntil("the operator's view", () -> browser.findElements(By.cssSelector("#services tr[data-service]"))
                .size() == 6);
    }

    private void add(String sku) {
        click("#products tr[data-sku='" + sku + "'] button.add");
    }

    private int stock(String sku) {
        return Integer.parseInt(stockText(sku));
    }

    private String stockText(String sku) {
        List<WebElement> cell = browser.findElements(By.cssSelector("#products tr[data-sku='" + sku + "'] td.stock"));
        return cell.isEmpty() ? "" : cell.get(0).getText();
    }

    /** The id of the order the page shows first: the one just placed, for a customer of its own. */
    private String newOrder() {
        waitUntil("the order to show", () -> !browser.findElements(By.cssSelector("#orders article.order")).isEmpty());
        return attribute("#orders article.order", "data-order-id");
    }

    private static String order(String orderId) {
        return "#orders article.order[data-order-id='" + orderId + "']";
    }

    private static String service(String name) {
        return "#services tr[data-service='" + name + "']";
    }

    private List<String> timeline(String orderId) {
        return retry(() -> {
            List<String> lines = new ArrayList<>();
            for (WebElement line : browser.findElements(By.cssSelector(order(orderId) + " ol.timeline li"))) {
                lines.add(line.findElement(By.cssSelector(".source")).getText() + " "
                        + line.findElement(By.cssSelector(".what")).getText());
            }
            return lines;
        });
    }

    // The page draws its lists anew as the services answer: an element found a moment ago may be gone.
    // Each read or click finds its element again until it holds still long enough to be used.

    private WebElement find(String css) {
        return retry(() -> browser.findElement(By.cssSelector(css)));
    }

    private String text(String css) {
        return retry(() -> browser.findElement(By.cssSelector(css)).getText());
    }

    private String attribute(String css, String name) {
        return retry(() -> String.valueOf(browser.findElement(By.cssSelector(css)).getAttribute(name)));
    }

    private void click(String css) {
        retry(() -> {
            browser.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private <T> T retry(java.util.function.Supplier<T> action) {
        return new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> action.get());
    }

    private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, SETTLE, Duration.ofMillis(100)).withMessage("waiting for " + what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> condition.getAsBoolean());
    }

    private void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    // ------------------------------------------------------------------------------------ over HTTP

    private JsonNode ops() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(web.url().resolve("/ops")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(web.url().resolve(path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each order's OrderPlaced entry on the orders feed, and the version it is served with. */
    private Map<String, Integer> placedVersions(String accept) {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        for (JsonNode entry : client.get(ServiceName.ORDERS, "/feed?after=0&limit=1000" + accept).orThrow()
                .path("entries")) {
            if (entry.path("type").asText().equals("OrderPlaced")) {
                versions.put(entry.path("data").path("orderId").asText(), entry.path("version").asInt());
            }
        }
        return versions;
    }

    @FunctionalInterface
    private interface Read {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(String what, Read read, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos() * 2;
        while (true) {
            JsonNode now = read.get();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + SETTLE.toSeconds() * 2 + " s for " + what + "; last: " + now);
            }
            Thread.sleep(200);
        }
    }
}
