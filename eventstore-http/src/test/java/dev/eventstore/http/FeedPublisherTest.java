package dev.eventstore.http;

import static dev.eventstore.http.FeedContract.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The feed's protocol: parameters, downcasts, methods and paths, and its own lifecycle. */
class FeedPublisherTest extends InMemoryBackendTest {

    private EventData placed(int version, String data) {
        return new EventData(UUID.randomUUID(), "OrderPlaced", data, "{\"$schemaVersion\":" + version + "}", Set.of());
    }

    @Test
    void downcastsForAConsumerThatAsksForAnOlderVersion() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                // v3 renamed total to amount; v2 made the customer an object
                .downcast("OrderPlaced", 3, 2, data -> {
                    data.set("total", data.remove("amount"));
                    return data;
                })
                .downcast("OrderPlaced", 2, 1, data -> data.put("customer", data.path("customer").path("name").asText()))
                .build());
        URI feed = serve(Map.of("/feed", publisher)).uri("/feed");
        store.append("public-order-1", ExpectedVersion.any(), List.of(
                placed(1, "{\"customer\":\"Ada\",\"total\":5}"),
                placed(2, "{\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"},\"total\":6}"),
                placed(3, "{\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"},\"amount\":7.50}"),
                new EventData(UUID.randomUUID(), "OrderShipped", "{\"carrier\":{\"name\":\"post\"}}",
                        "{\"$schemaVersion\":2}", Set.of())));

        JsonNode asStored = Http.get(at(feed, "after=0")).json().get("entries");
        Http.Response v1Response = Http.get(at(feed, "after=0&accept=OrderPlaced:1,OrderShipped:1"));
        JsonNode v1 = v1Response.json().get("entries");
        JsonNode v2 = Http.get(at(feed, "after=0&accept=OrderPlaced:2")).json().get("entries");

        assertThat(versions(asStored)).containsExactly(1, 2, 3, 2);
        assertThat(asStored.get(2).get("data")).isEqualTo(json("{\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"},\"amount\":7.50}"));
        assertThat(versions(v1)).as("OrderShipped has no downcaster: served as stored").containsExactly(1, 1, 1, 2);
        assertThat(v1.get(0).get("data")).isEqualTo(json("{\"customer\":\"Ada\",\"total\":5}"));
        assertThat(v1.get(1).get("data")).isEqualTo(json("{\"customer\":\"Ada\",\"total\":6}"));
        assertThat(v1.get(2).get("data")).as("3 -> 2 -> 1").isEqualTo(json("{\"customer\":\"Ada\",\"total\":7.50}"));
        assertThat(v1Response.text()).as("decimals stay exact").contains("\"total\":7.50");
        assertThat(v1.get(3).get("data")).isEqualTo(json("{\"carrier\":{\"name\":\"post\"}}"));
        assertThat(versions(v2)).as("older entries stay as they are; the consumer upcasts them").containsExactly(1, 2, 2, 2);
        assertThat(v2.get(2).get("data")).isEqualTo(json("{\"customer\":{\"id\":\"c-1\",\"name\":\"Ada\"},\"total\":7.50}"));
    }

    @Test
    void aDirectDowncasterIsPreferredToAChainAndOneThatFailsServesTheEntryAsStored() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .downcast("OrderPlaced", 3, 2, data -> data.put("via", "3->2"))
                .downcast("OrderPlaced", 2, 1, data -> data.put("via", data.path("via").asText() + ",2->1"))
                .downcast("OrderPlaced", 3, 1, data -> data.put("via", "3->1"))
                .downcast("Refunded", 2, 1, data -> {
                    throw new IllegalStateException("cannot say it in v1");
                })
                .build());
        URI feed = serve(Map.of("/feed", publisher)).uri("/feed");
        store.append("public-order-1", ExpectedVersion.any(), List.of(placed(3, "{}"), placed(2, "{}"),
                new EventData(UUID.randomUUID(), "Refunded", "{\"amount\":1}", "{\"$schemaVersion\":2}", Set.of())));

        JsonNode entries = Http.get(at(feed, "accept=OrderPlaced:1,Refunded:1")).json().get("entries");

        assertThat(entries.get(0).get("data").get("via").asText()).isEqualTo("3->1");
        assertThat(entries.get(1).get("data").get("via").asText()).isEqualTo(",2->1");
        assertThat(entries.get(2).get("version").asInt()).isEqualTo(2);
        assertThat(entries.get(2).get("data")).isEqualTo(json("{\"amount\":1}"));
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .maxLimit(50).build());
        URI feed = serve(Map.of("/feed", publisher)).uri("/feed");
        Map<String, String> bad = Map.ofEntries(
                Map.entry("after=-1", "after"),
                Map.entry("after=abc", "after"),
                Map.entry("after=99999999999999999999", "after"),
                Map.entry("after=1&after=2", "after"),
                Map.entry("limit=51", "limit"),
                Map.entry("limit=-1", "limit"),
                Map.entry("limit=ten", "limit"),
                Map.entry("wait=-1", "wait"),
                Map.entry("wait=soon", "wait"),
                Map.entry("wait=1e3", "wait"),
                Map.entry("accept=OrderPlaced", "accept"),
                Map.entry("accept=OrderPlaced:0", "accept"),
                Map.entry("accept=:1", "accept"),
                Map.entry("accept=OrderPlaced:1,OrderPlaced:2", "accept"));
        bad.forEach((query, parameter) -> {
            Http.Response response = Http.get(at(feed, query));
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).isEqualTo(Problems.MEDIA_TYPE);
            JsonNode problem = response.json();
            assertThat(problem.get("parameter").asText()).as(query).isEqualTo(parameter);
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
            assertThat(problem.get("type").asText()).isEqualTo("about:blank");
            assertThat(problem.get("detail").asText()).as(query).startsWith(parameter + " ");
        });
        assertThat(Http.get(at(feed, "limit=51")).json().get("detail").asText())
                .isEqualTo("limit must be a whole number from 0 to 50, was: 51");
        assertThat(Http.get(at(feed, "after=3&limit=50&wait=0.2&unknown=1")).status()).isEqualTo(200);
    }

    @Test
    void aWaitAboveTheMaximumWaitsTheMaximum() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .maxWait(Duration.ofMillis(300)).build());
        URI feed = serve(Map.of("/feed", publisher)).uri("/feed");

        long start = System.nanoTime();
        Http.Response response = Http.get(at(feed, "wait=60"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 10_000L);
    }

    @Test
    void onlyGetOfTheFeedItselfIsServed() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.all()).build());
        TestServer server = serve(Map.of("/feed", publisher));

        Http.Response post = Http.postJson(server.uri("/feed"), "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).hasValue("GET");
        assertThat(post.contentType()).isEqualTo(Problems.MEDIA_TYPE);
        assertThat(Http.get(server.uri("/feed/")).status()).isEqualTo(200);
        assertThat(Http.get(server.uri("/feed/1")).status()).isEqualTo(404);
        assertThat(Http.get(server.uri("/feedx")).status()).isEqualTo(404);
    }

    @Test
    void aServerWithoutAnExecutorGetsAProblemInsteadOfAStalledLongPoll() {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .build());
        TestServer server = closeLater(TestServer.start(0, Map.of("/feed", publisher), false));
        long position = store.append("public-1", ExpectedVersion.any(), List.of(EventData.of("Published", "{}")))
                .lastPosition();

        Http.Response served = Http.get(at(server.uri("/feed"), "after=0&wait=5"));
        long start = System.nanoTime();
        Http.Response refused = Http.get(at(server.uri("/feed"), "after=" + position + "&wait=5"));

        assertThat(served.status()).as("something to serve: no wait needed").isEqualTo(200);
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().get("detail").asText()).contains("executor");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
    }

    @Test
    void closingAnswersWaitingRequestsAtOnceAndRefusesNewOnes() throws Exception {
        EventStore store = openStore("orders");
        FeedPublisher publisher = FeedPublisher.builder(store, "orders", EventFilter.category("public")).build();
        URI feed = serve(Map.of("/feed", publisher)).uri("/feed");
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> Http.get(at(feed, "wait=30")));
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);

        publisher.close();

        Http.Response answered = waiting.get(5, TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().get("entries")).isEmpty();
        assertThat(Http.get(feed).status()).isEqualTo(503);
        publisher.close();
    }

    @Test
    void theBuilderRefusesBadSettings() {
        EventStore store = openStore("orders");
        assertThatThrownBy(() -> FeedPublisher.builder(store, " ", EventFilter.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> FeedPublisher.builder(store, "orders", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        FeedPublisher.Builder builder = FeedPublisher.builder(store, "orders", EventFilter.all());
        assertThatThrownBy(() -> builder.maxLimit(0)).hasMessage("maxLimit must be between 1 and 10000, was: 0");
        assertThatThrownBy(() -> builder.maxWait(Duration.ofMinutes(6))).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> builder.downcast("OrderPlaced", 1, 2, data -> data))
                .hasMessageContaining("1 -> 2");
        builder.downcast("OrderPlaced", 2, 1, data -> data);
        assertThatThrownBy(() -> builder.downcast("OrderPlaced", 2, 1, data -> data))
                .hasMessageContaining("registered already");
    }

    private static List<Integer> versions(JsonNode entries) {
        List<Integer> versions = new java.util.ArrayList<>();
        entries.forEach(entry -> versions.add(entry.get("version").asInt()));
        return versions;
    }

    private static JsonNode json(String text) {
        return Http.json(text);
    }
}
