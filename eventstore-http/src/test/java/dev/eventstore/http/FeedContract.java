package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a {@link FeedPublisher} promises on every store: the entries, long polls, a safe checkpoint. */
interface FeedContract extends HttpFixture {

    default FeedPublisher publisher(EventStore store) {
        return closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public")).build());
    }

    /** @return the address of a feed of the store's category {@code public}, served until the test ends */
    default URI feedUri(EventStore store) {
        return serve(Map.of("/feed", publisher(store))).uri("/feed");
    }

    /** @return the feed's address with a query */
    static URI at(URI feed, String query) {
        return URI.create(feed + "?" + query);
    }

    @Test
    default void servesEachEntryWithEveryField() {
        EventStore store = openStore("orders");
        URI feed = feedUri(store);
        EventData placed = new EventData(UUID.randomUUID(), "OrderPlaced",
                "{\"orderId\":\"42\",\"total\":10.50,\"lines\":[{\"sku\":\"a\"}]}", "{\"$schemaVersion\":2}", Set.of());
        EventData plain = EventData.of("OrderCancelled", "{\"orderId\":\"42\"}");
        store.append("public-order-42", ExpectedVersion.noStream(), List.of(placed, plain));
        store.append("order-42", ExpectedVersion.noStream(), List.of(EventData.of("Internal", "{}")));
        List<RecordedEvent> recorded = store.readStream("public-order-42").toList();

        Http.Response response = Http.get(at(feed, "after=0"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        JsonNode body = response.json();
        assertThat(body.get("head").asLong()).isEqualTo(store.headPosition());
        JsonNode entries = body.get("entries");
        assertThat(entries).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode entry = entries.get(i);
            RecordedEvent event = recorded.get(i);
            assertThat(entry.get("position").asLong()).isEqualTo(event.position());
            assertThat(entry.get("id").asText()).isEqualTo(event.id().toString());
            assertThat(entry.get("type").asText()).isEqualTo(event.type());
            assertThat(entry.get("source").asText()).isEqualTo("orders");
            assertThat(entry.get("subject").asText()).isEqualTo("public-order-42");
            assertThat(entry.get("sequence").asLong()).isEqualTo(i + 1);
            assertThat(Instant.parse(entry.get("time").asText())).isEqualTo(event.recordedAt());
        }
        assertThat(entries.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(entries.get(1).get("version").asInt()).as("no schema version stored: 1").isEqualTo(1);
        assertThat(entries.get(0).get("data").isObject()).as("data is JSON, not a string").isTrue();
        assertThat(entries.get(0).get("data")).isEqualTo(json("{\"orderId\":\"42\",\"total\":10.50,\"lines\":[{\"sku\":\"a\"}]}"));
    }

    @Test
    default void pagesAfterAPositionUpToALimit() {
        EventStore store = openStore("orders");
        URI feed = feedUri(store);
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            store.append("internal-" + i, ExpectedVersion.any(), List.of(event("Noise", 1)));
            positions.add(store.append("public-" + i, ExpectedVersion.any(), List.of(event("Published", 1)))
                    .lastPosition());
        }

        JsonNode page = Http.get(at(feed, "after=" + positions.get(1) + "&limit=2")).json();
        assertThat(positionsOf(page)).containsExactly(positions.get(2), positions.get(3));
        JsonNode rest = Http.get(at(feed, "after=" + positions.get(3))).json();
        assertThat(positionsOf(rest)).containsExactly(positions.get(4));
        JsonNode headOnly = Http.get(at(feed, "limit=0")).json();
        assertThat(headOnly.get("entries")).isEmpty();
        assertThat(headOnly.get("head").asLong()).isEqualTo(positions.get(4));
        JsonNode beyond = Http.get(at(feed, "after=" + positions.get(4))).json();
        assertThat(beyond.get("entries")).isEmpty();
    }

    @Test
    default void aLongPollAnswersAsSoonAsAnEntryArrives() throws Exception {
        EventStore store = openStore("orders");
        URI feed = feedUri(store);
        long head = store.append("public-1", ExpectedVersion.any(), List.of(event("Published", 1))).lastPosition();

        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(
                () -> Http.get(at(feed, "after=" + head + "&wait=20")));
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
                .as("nothing after the head: the request waits").isInstanceOf(TimeoutException.class);
        store.append("internal-1", ExpectedVersion.any(), List.of(event("Noise", 1)));
        long appendedAt = System.nanoTime();
        AppendResult published = store.append("public-1", ExpectedVersion.any(), List.of(event("Published", 1)));

        Http.Response response = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appendedAt);
        assertThat(positionsOf(response.json())).containsExactly(published.lastPosition());
        assertThat(waitedMillis).as("answered on arrival, not when the 20 s wait ran out").isLessThan(10_000);
    }

    @Test
    default void waitingRequestsDoNotReadTheStoreUntilAnEntryArrives() throws Exception {
        CountingReads store = new CountingReads(openStore("orders"));
        URI feed = feedUri(store);
        long head = store.headPosition();
        ExecutorService consumers = Executors.newFixedThreadPool(5);
        try {
            List<Future<Http.Response>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(consumers.submit(() -> Http.get(at(feed, "after=" + head + "&wait=2"))));
            }
            // Events of another category arrive meanwhile: they wake nobody.
            for (int i = 0; i < 20; i++) {
                store.append("internal-" + i, ExpectedVersion.any(), List.of(event("Noise", 1)));
            }
            for (Future<Http.Response> request : waiting) {
                assertThat(request.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).json().get("entries")).isEmpty();
            }
        } finally {
            consumers.shutdownNow();
        }
        assertThat(store.reads()).as("one read per request, none while waiting").isEqualTo(5);
    }

    @Test
    default void aLongPollWithNothingToServeAnswersEmptyWhenTheWaitRunsOut() {
        EventStore store = openStore("orders");
        URI feed = feedUri(store);
        store.append("internal-1", ExpectedVersion.any(), List.of(event("Noise", 1)));

        long start = System.nanoTime();
        Http.Response response = Http.get(at(feed, "after=0&wait=1"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("entries")).isEmpty();
        assertThat(response.json().get("head").asLong()).isEqualTo(store.headPosition());
        assertThat(tookMillis).isBetween(900L, 9_000L);
    }

    /**
     * The log's positions never arrive late, so a consumer that only remembers the last position it
     * saw, and asks for what is after it, sees every entry once, in order, however the writers race.
     */
    @Test
    default void afterIsASafeCheckpointUnderConcurrentWriters() throws Exception {
        EventStore store = openStore("orders");
        URI feed = feedUri(store);
        int writers = 4;
        int appendsEach = 40;
        Set<UUID> published = ConcurrentHashMap.newKeySet();
        int expected = 0;
        for (int j = 0; j < appendsEach; j++) {
            expected += writers * (1 + j % 3);
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(pool.submit(() -> {
                start.await();
                for (int j = 0; j < appendsEach; j++) {
                    List<EventData> batch = new ArrayList<>();
                    for (int k = 0; k < 1 + j % 3; k++) {
                        batch.add(event("Published", 1));
                    }
                    batch.forEach(e -> published.add(e.id()));
                    store.append("public-w" + writer + "_" + (j % 5), ExpectedVersion.any(), batch);
                    if (j % 4 == 0) {
                        store.append("internal-w" + writer, ExpectedVersion.any(), List.of(event("Noise", 1)));
                    }
                }
                return null;
            }));
        }
        start.countDown();

        List<UUID> seen = new ArrayList<>();
        long checkpoint = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos() * 2;
        try {
            while (seen.size() < expected && System.nanoTime() < deadline) {
                JsonNode page = Http.get(at(feed, "after=" + checkpoint + "&limit=7&wait=2")).json();
                for (JsonNode entry : page.get("entries")) {
                    long position = entry.get("position").asLong();
                    assertThat(position).as("entries come in position order, after the checkpoint")
                            .isGreaterThan(checkpoint);
                    checkpoint = position;
                    seen.add(UUID.fromString(entry.get("id").asText()));
                }
            }
            for (Future<?> writer : running) {
                writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(seen)).as("no entry twice").hasSize(seen.size());
        assertThat(seen).as("every entry, none missing").hasSize(expected).containsExactlyInAnyOrderElementsOf(published);
        assertThat(Http.get(at(feed, "after=" + checkpoint)).json().get("entries")).isEmpty();
    }

    private static List<Long> positionsOf(JsonNode page) {
        List<Long> positions = new ArrayList<>();
        page.get("entries").forEach(entry -> positions.add(entry.get("position").asLong()));
        return positions;
    }

    private static JsonNode json(String text) {
        return Http.json(text);
    }
}
