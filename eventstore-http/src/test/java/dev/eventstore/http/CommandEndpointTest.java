package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.EventStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The command endpoint's protocol: what each kind of request and failure is answered with. */
class CommandEndpointTest extends InMemoryBackendTest {

    private URI stock() {
        EventStore store = openStore("stock");
        return serve(Map.of("/stock", Stock.endpoint(store))).uri("/stock");
    }

    private URI serving(CommandEndpoint.Handler handler) {
        return serve(Map.of("/commands", CommandEndpoint.of(handler))).uri("/commands");
    }

    private static void assertProblem(Http.Response response, int status, String field) {
        JsonNode problem = Http.assertProblem(response, status);
        if (field != null) {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void wrongMethodsAndMediaTypesAreRefused() {
        URI stock = stock();

        Http.Response get = Http.get(URI.create(stock + "/apple/receive"));
        Http.Response text = Http.post(URI.create(stock + "/apple/receive"), "text/plain", "{\"commandId\":\"a\"}");
        Http.Response none = Http.post(URI.create(stock + "/apple/receive"), null, "{\"commandId\":\"a\"}");
        Http.Response jsonWithCharset = Http.post(URI.create(stock + "/apple/receive"),
                "application/json; charset=utf-8", "{\"commandId\":\"a\",\"quantity\":1}");

        assertProblem(get, 405, null);
        assertThat(get.header("Allow")).hasValue("POST");
        assertProblem(text, 415, null);
        assertThat(text.header("Accept-Post")).hasValue("application/json");
        assertProblem(none, 415, null);
        assertThat(jsonWithCharset.status()).isEqualTo(200);
    }

    @Test
    void badBodiesAreProblemsNamingTheField() {
        URI receive = URI.create(stock() + "/apple/receive");
        Map<String, String> bad = Map.of(
                "{\"quantity\":1}", "commandId",
                "{\"commandId\":7,\"quantity\":1}", "commandId",
                "{\"commandId\":\"  \",\"quantity\":1}", "commandId",
                "{\"commandId\":\"c-1\",\"quantity\":0}", "quantity",
                "{\"commandId\":\"c-1\",\"quantity\":\"many\"}", "quantity",
                "{\"commandId\":\"c-1\"}", "quantity",
                "{\"commandId\":\"c-1\",\"quantity\":null}", "quantity",
                "{\"commandId\":\"c-1\",\"quantity\":1,\"colour\":\"red\"}", "colour");
        bad.forEach((body, field) -> assertProblem(Http.postJson(receive, body), 400, field));
        assertThat(Http.postJson(receive, "{\"commandId\":\"c-1\",\"quantity\":0}").json().get("detail").asText())
                .isEqualTo("quantity must be at least 1, was: 0");
        assertThat(Http.postJson(receive, "{\"commandId\":\"c-1\",\"quantity\":1,\"colour\":\"red\"}").json()
                .get("detail").asText()).isEqualTo("unknown field \"colour\"");

        for (String notAnObject : List.of("", "[1]", "\"c-1\"", "{\"commandId\":\"c-1\",", "{\"commandId\":\"a\",\"commandId\":\"b\"}")) {
            assertProblem(Http.postJson(receive, notAnObject), 400, null);
        }
    }

    @Test
    void anIllegalArgumentIsABadRequestWithItsMessage() {
        URI uri = serving(request -> {
            throw new IllegalArgumentException("sku must be 1 to 20 letters, was: \"!\"");
        });

        Http.Response response = Http.postJson(uri, "{\"commandId\":\"c-1\"}");

        assertProblem(response, 400, null);
        assertThat(response.json().get("detail").asText()).isEqualTo("sku must be 1 to 20 letters, was: \"!\"");
        assertThat(response.json().has("field")).isFalse();
    }

    @Test
    void anyOtherFailureIsAnInternalErrorThatTellsNothingButAnId() {
        URI uri = serving(request -> {
            throw new IllegalStateException("connection to db-7.internal:5432 refused for user admin");
        });

        Http.Response response = Http.postJson(uri, "{\"commandId\":\"c-1\"}");

        assertProblem(response, 500, null);
        assertThat(response.text()).doesNotContain("db-7", "IllegalStateException", "at dev.", "admin");
        assertThat(response.json().get("errorId").asText()).hasSize(36);
        assertThat(response.json().get("detail").asText()).contains(response.json().get("errorId").asText());
    }

    @Test
    void aConflictThatOutlastedTheRetriesIsAConflictToSendAgain() {
        URI uri = serving(request -> {
            throw new ConcurrencyConflictException("serialization failure on stock-apple", null);
        });

        Http.Response response = Http.postJson(uri, "{\"commandId\":\"c-1\"}");

        assertProblem(response, 409, null);
        assertThat(response.json().get("type").asText()).isEqualTo(Problems.CONCURRENCY_CONFLICT);
    }

    @Test
    void theHandlerSeesTheCommandAndChoosesTheSuccessStatus() {
        AtomicReference<CommandRequest> seen = new AtomicReference<>();
        URI uri = serving(request -> {
            seen.set(request);
            if (request.path().isEmpty()) {
                return CommandReply.noContent();
            }
            return CommandReply.created(Map.of("order", request.path().get(0), "at", Instant.parse("2026-01-05T10:15:30Z"),
                    "total", new java.math.BigDecimal("10.50")));
        });

        Http.Response created = Http.send(HttpRequest.newBuilder(URI.create(uri + "/order%2042/place"))
                .header("Content-Type", "application/json").header("X-Client", "till-3")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"c-9\",\"sku\":\"apple\"}")).build());
        Http.Response empty = Http.postJson(uri, "{\"commandId\":\"c-10\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).isEqualTo(Http.json("{\"order\":\"order 42\",\"at\":\"2026-01-05T10:15:30Z\",\"total\":10.50}"));
        assertThat(created.text()).contains("10.50");
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.text()).isEmpty();
        CommandRequest request = seen.get();
        assertThat(request.commandId()).isEqualTo("c-10");
        assertThat(request.path()).isEmpty();
        assertThat(request.header("X-Client")).isEmpty();
    }

    @Test
    void theRequestHandsOverFieldsPathAndHeaders() {
        AtomicReference<String> seen = new AtomicReference<>();
        URI uri = serving(request -> {
            seen.set(request.commandId() + " " + request.path() + " " + request.text("sku") + " "
                    + request.header("X-Client").orElse("?") + " " + request.body().get("quantity"));
            return CommandReply.ok(Map.of());
        });

        Http.send(HttpRequest.newBuilder(URI.create(uri + "/a/b/"))
                .header("Content-Type", "application/json").header("X-Client", "till-3")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commandId\":\"c-9\",\"sku\":\"apple\",\"quantity\":2}"))
                .build());
        Http.Response blank = Http.postJson(uri, "{\"commandId\":\"c-9\",\"sku\":\" \"}");

        assertThat(seen.get()).isEqualTo("c-9 [a, b] apple till-3 2");
        assertProblem(blank, 400, "sku");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        URI uri = serve(Map.of("/commands", CommandEndpoint.builder(request -> CommandReply.ok(Map.of()))
                .maxBodyBytes(64).build())).uri("/commands");

        Http.Response large = Http.postJson(uri, "{\"commandId\":\"c-1\",\"note\":\"" + "x".repeat(100) + "\"}");

        assertProblem(large, 413, null);
        assertThat(Http.postJson(uri, "{\"commandId\":\"c-1\"}").status()).isEqualTo(200);
    }

    @Test
    void problemsServeOtherHandlersToo() {
        TestServer server = serve(Map.of("/orders", (HttpExchange exchange) ->
                Problems.notFound(exchange, "there is no order 42")));

        Http.Response response = Http.get(server.uri("/orders/42"));

        assertProblem(response, 404, null);
        assertThat(response.json()).isEqualTo(Http.json("{\"type\":\"about:blank\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"there is no order 42\"}"));
    }

    @Test
    void problemsAndRepliesRefuseWhatIsNotOne() {
        assertThatThrownBy(() -> new CommandReply(404, Map.of())).hasMessageContaining("between 200 and 299");
        assertThatThrownBy(() -> new CommandReply(200, null)).hasMessageContaining("without a body");
        assertThatThrownBy(() -> new CommandReply(204, Map.of())).hasMessageContaining("with a body");
        assertThatThrownBy(() -> Problems.send(null, 200, "x")).hasMessageContaining("exchange");
        assertThatThrownBy(() -> CommandEndpoint.builder(null)).hasMessageContaining("handler");
        assertThatThrownBy(() -> CommandEndpoint.builder(r -> null).maxBodyBytes(1)).hasMessageContaining("maxBodyBytes");
        assertThat(Problems.title(422)).isEqualTo("Unprocessable Content");
        assertThat(Problems.title(599)).isEqualTo("HTTP 599");
    }
}
