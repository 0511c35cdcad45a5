package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.TypedEvent;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@link HttpEventFeed} reads a feed, fails, and closes. */
class HttpEventFeedTest extends InMemoryBackendTest {

    /** A consumer's own reader type of the producer's OrderPlaced, at version 2. */
    record OrderPlaced(String orderId, Customer customer) {
    }

    record Customer(String id, String name) {
    }

    private static EventData placed(int version, String data) {
        return new EventData(UUID.randomUUID(), "OrderPlaced", data, "{\"$schemaVersion\":" + version + "}", Set.of());
    }

    private URI feedOf(FeedPublisher.Builder builder) {
        return serve(Map.of("/feed", closeLater(builder.build()))).uri("/feed");
    }

    private URI feedOf(EventStore store) {
        return feedOf(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .downcast("OrderPlaced", 2, 1, data -> data.put("customer", data.path("customer").path("name").asText())));
    }

    @Test
    void handsEntriesOnAsRecordedEventsThatEventTypesDecode() throws Exception {
        EventStore store = openStore("orders");
        URI uri = feedOf(store);
        store.append("public-order-1", ExpectedVersion.noStream(), List.of(
                placed(1, "{\"orderId\":\"1\",\"customer\":\"Ada\"}"),
                placed(2, "{\"orderId\":\"1\",\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"}}")));
        store.append("order-1", ExpectedVersion.noStream(), List.of(EventData.of("Internal", "{}")));
        List<RecordedEvent> stored = store.readStream("public-order-1").toList();
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(uri).name("orders").build());

        List<RecordedEvent> entries = feed.read(0, 10);

        assertThat(entries).hasSize(2);
        for (int i = 0; i < 2; i++) {
            RecordedEvent entry = entries.get(i);
            RecordedEvent original = stored.get(i);
            assertThat(entry.id()).isEqualTo(original.id());
            assertThat(entry.streamId()).isEqualTo("public-order-1");
            assertThat(entry.version()).isEqualTo(i + 1);
            assertThat(entry.position()).isEqualTo(original.position());
            assertThat(entry.type()).isEqualTo("OrderPlaced");
            assertThat(Http.JSON.readTree(entry.data())).isEqualTo(Http.JSON.readTree(original.data()));
            assertThat(Http.JSON.readTree(entry.metadata())).isEqualTo(Http.JSON.readTree(
                    "{\"$schemaVersion\":" + (i + 1) + ",\"$source\":\"orders\"}"));
            assertThat(entry.tags()).isEmpty();
            assertThat(entry.recordedAt()).isEqualTo(original.recordedAt());
        }
        assertThat(feed.headPosition()).isEqualTo(store.headPosition());

        // A consumer on v2 reads both with its own types, upcasting the v1 entry.
        EventTypes types = EventTypes.builder()
                .register(OrderPlaced.class, "OrderPlaced", 2)
                .upcast("OrderPlaced", 1, data -> {
                    String name = data.get("customer").asText();
                    data.putObject("customer").put("id", (String) null).put("name", name);
                    return data;
                })
                .build();
        List<Object> decoded = entries.stream().map(e -> types.decode(e).map(TypedEvent::event).orElseThrow()).toList();
        assertThat(decoded).containsExactly(new OrderPlaced("1", new Customer(null, "Ada")),
                new OrderPlaced("1", new Customer("c-1", "Ada")));
    }

    @Test
    void asksForTheVersionsItReads() throws Exception {
        EventStore store = openStore("orders");
        URI uri = feedOf(store);
        store.append("public-order-1", ExpectedVersion.noStream(), List.of(
                placed(2, "{\"orderId\":\"1\",\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"}}")));
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(uri).accept("OrderPlaced", 1).build());

        RecordedEvent entry = feed.read(0, 10).get(0);

        assertThat(Http.JSON.readTree(entry.data())).isEqualTo(Http.JSON.readTree("{\"orderId\":\"1\",\"customer\":\"Ada\"}"));
        assertThat(Http.JSON.readTree(entry.metadata()).get("$schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aFeedThatIsDownThrowsAndShowsAsFailingUntilItAnswersAgain() throws Exception {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .build());
        TestServer probe = TestServer.start(0, Map.of());
        int port = probe.port();
        probe.close();
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(URI.create("http://127.0.0.1:" + port + "/feed"))
                .name("payments").longPoll(Duration.ZERO).build());
        assertThat(feed.failing()).isFalse();

        assertThatThrownBy(() -> feed.read(0, 10))
                .isInstanceOfSatisfying(FeedReadException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.feed()).isEqualTo("payments");
                    assertThat(e.getMessage()).startsWith("Feed payments does not answer at http://127.0.0.1:" + port);
                });
        assertThat(feed.failing()).isTrue();
        assertThat(feed.lastError()).isPresent();

        closeLater(TestServer.start(port, Map.of("/feed", publisher)));
        assertThat(feed.read(0, 10)).isEmpty();
        assertThat(feed.failing()).isFalse();
        assertThat(feed.lastError()).as("the last error is kept").isPresent();
    }

    @Test
    void anErrorOfTheFeedNamesItsStatusAndDetail() {
        EventStore store = openStore("orders");
        URI uri = feedOf(FeedPublisher.builder(store, "orders", EventFilter.all()).maxLimit(10));
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(uri).name("orders").build());

        assertThatThrownBy(() -> feed.read(0, 50))
                .isInstanceOfSatisfying(FeedReadException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("answered 400")
                            .endsWith(": limit must be a whole number from 0 to 10, was: 50");
                });
        assertThat(feed.failing()).isTrue();
    }

    @Test
    void anAnswerThatIsNotAFeedInOrderFails() {
        String entry = "{\"id\":\"%s\",\"type\":\"T\",\"version\":1,\"source\":\"s\",\"subject\":\"public-1\","
                + "\"sequence\":%d,\"time\":\"2026-01-01T00:00:00Z\",\"data\":{},\"position\":%d}";
        String first = String.format(entry, UUID.randomUUID(), 1, 5);
        String second = String.format(entry, UUID.randomUUID(), 2, 3);
        Map<String, String> answers = Map.of(
                "/not-json", "entries?",
                "/no-entries", "{\"head\":3}",
                "/out-of-order", "{\"entries\":[" + first + "," + second + "],\"head\":5}",
                "/not-after", "{\"entries\":[" + first + "],\"head\":5}",
                "/too-many", "{\"entries\":[" + first + "," + String.format(entry, UUID.randomUUID(), 2, 6)
                        + "],\"head\":6}",
                "/bad-entry", "{\"entries\":[{\"position\":1}],\"head\":1}");
        Map<String, HttpHandler> handlers = new java.util.HashMap<>();
        answers.forEach((path, body) -> handlers.put(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
        TestServer server = serve(handlers);
        Map<String, Long> afters = Map.of("/not-after", 5L);
        Map<String, Integer> limits = Map.of("/too-many", 1);

        answers.keySet().forEach(path -> {
            HttpEventFeed feed = closeLater(HttpEventFeed.builder(server.uri(path)).build());
            assertThatThrownBy(() -> feed.read(afters.getOrDefault(path, 0L), limits.getOrDefault(path, 10)))
                    .as(path)
                    .isInstanceOf(FeedReadException.class)
                    .hasMessageContaining("answered with something that is not a feed in order");
        });
    }

    @Test
    void closingEndsALongPollAtOnceAndStopsTheReactorFollowingTheFeed() throws Exception {
        EventStore orders = openStore("orders");
        URI uri = feedOf(orders);
        TransactionalEventStore<?> consumer = openStore("consumer");
        HttpEventFeed feed = HttpEventFeed.builder(uri).longPoll(Duration.ofSeconds(60)).build();
        Reactor<?> reactor = closeLater(follow(consumer, feed));
        orders.append("public-order-1", ExpectedVersion.any(), List.of(placed(1, "{}")));
        assertThat(reactor.awaitPosition(orders.headPosition(), TIMEOUT)).isTrue();

        long start = System.nanoTime();
        feed.close();
        reactor.stopped().get(10, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("not after the 60 s poll")
                .isLessThan(5_000);
        assertThat(reactor.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(reactor.failure()).isEmpty();
        assertThat(feed.read(0, 10)).isNull();
        assertThatThrownBy(feed::headPosition).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReactorFollowingAnIdleFeedIsLiveAtOnceAndNeverSitsOutALongPoll() throws Exception {
        EventStore orders = openStore("orders");
        URI uri = feedOf(orders);
        TransactionalEventStore<?> consumer = openStore("consumer");
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(uri).longPoll(Duration.ofSeconds(60)).build());
        long start = System.nanoTime();
        Reactor<?> reactor = follow(consumer, feed);

        awaitLive(reactor);
        assertThat(reactor.awaitCaughtUp(TIMEOUT)).as("caught up with a feed where nothing happens").isTrue();
        orders.append("public-order-1", ExpectedVersion.any(), List.of(placed(1, "{}")));
        assertThat(reactor.awaitPosition(orders.headPosition(), TIMEOUT)).isTrue();
        // An event the feed does not serve, last in the log: only the feed's head says it is covered.
        orders.append("order-1", ExpectedVersion.any(), List.of(EventData.of("Internal", "{}")));
        assertThat(reactor.awaitPosition(orders.headPosition(), TIMEOUT)).isTrue();
        assertThat(reactor.awaitCaughtUp(TIMEOUT)).isTrue();
        reactor.close();

        assertThat(reactor.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                .as("seconds taken, with long polls of 60 s, closing the reactor before its feed").isLessThan(20);
        assertThat(feed.failing()).as("a long poll cut short is no failure").isFalse();
    }

    @Test
    void aReactorWhoseCatchingUpEndsWithAFullPageIsLiveAtOnce() throws Exception {
        EventStore orders = openStore("orders");
        URI uri = feedOf(orders);
        for (int i = 0; i < 4; i++) {
            orders.append("public-order-" + i, ExpectedVersion.any(), List.of(placed(1, "{}")));
        }
        TransactionalEventStore<?> consumer = openStore("consumer");
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(uri).longPoll(Duration.ofSeconds(60)).build());
        Reactor<?> reactor = closeLater(Reactor.builder("orders-inbox", consumer).source(feed).batchSize(2)
                .reaction((entry, ctx) -> { }).start());

        awaitLive(reactor);
        assertThat(reactor.position()).isEqualTo(orders.headPosition());
    }

    private static void awaitLive(Reactor<?> reactor) throws InterruptedException {
        long start = System.nanoTime();
        while (reactor.state() == Subscription.State.CATCHING_UP
                && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(5);
        }
        assertThat(reactor.state()).as("%s after %d ms", reactor,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isEqualTo(Subscription.State.LIVE);
    }

    private static <T extends EventTransaction> Reactor<T> follow(TransactionalEventStore<T> store, HttpEventFeed feed) {
        return Reactor.builder("orders-inbox", store).source(feed).reaction((entry, ctx) -> { }).start();
    }

    @Test
    void theBuilderRefusesBadSettings() {
        for (String bad : List.of("ftp://host/feed", "http:///feed", "http://host/feed?after=1", "http://host/feed#x",
                "feed")) {
            assertThatThrownBy(() -> HttpEventFeed.builder(URI.create(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        HttpEventFeed.Builder builder = HttpEventFeed.builder(URI.create("http://payments:8082/feed"));
        assertThatThrownBy(() -> builder.accept("OrderPlaced", 0)).hasMessage("version must be at least 1, was: 0");
        assertThatThrownBy(() -> builder.accept("A,B", 1)).hasMessageContaining("comma");
        builder.accept("OrderPlaced", 1);
        assertThatThrownBy(() -> builder.accept("OrderPlaced", 2)).hasMessageContaining("asked for already");
        assertThatThrownBy(() -> builder.longPoll(Duration.ofSeconds(-1))).hasMessageContaining("longPoll");
        assertThatThrownBy(() -> builder.name("")).hasMessageContaining("name");
        HttpEventFeed feed = builder.build();
        assertThatThrownBy(() -> feed.read(-1, 10)).hasMessage("afterPosition must be at least 0, was: -1");
        assertThatThrownBy(() -> feed.read(0, 0)).hasMessage("limit must be at least 1, was: 0");
    }
}
