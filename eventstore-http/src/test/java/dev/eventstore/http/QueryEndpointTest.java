package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The query endpoint's routes, parameters and answers, through a real JDK server and client. */
class QueryEndpointTest extends InMemoryBackendTest {

    /** A product, as the answers show it: a decimal price and a time. */
    record Product(String sku, BigDecimal price, Instant listedAt) {
    }

    private static final Map<String, Product> PRODUCTS = Map.of(
            "MUG-01", new Product("MUG-01", new BigDecimal("8.00"), Instant.parse("2026-01-05T10:15:30.120Z")),
            "a b+c", new Product("a b+c", new BigDecimal("1E+1"), Instant.parse("2026-01-05T10:15:31Z")));

    /** GET /products?limit=&amp;cheapFirst=, /products/bestsellers, /products/{sku}, /products/{sku}/price. */
    private URI products(QueryEndpoint.Builder builder) {
        return serve(Map.of("/products", builder.build())).uri("/products");
    }

    private static QueryEndpoint.Builder catalog() {
        return QueryEndpoint.builder()
                .get("", query -> {
                    int limit = query.intParameter("limit", 10, 1, 100);
                    boolean cheapFirst = query.booleanParameter("cheapFirst", false);
                    return Map.of("limit", limit, "cheapFirst", cheapFirst, "tag", query.parameter("tag").orElse(""));
                })
                .get("bestsellers", query -> List.of("MUG-01"))
                .get("{sku}", query -> Optional.ofNullable(PRODUCTS.get(query.path("sku"))))
                .get("/{sku}/price/", query -> {
                    Product product = PRODUCTS.get(query.path("sku"));
                    if (product == null) {
                        throw new ResourceNotFoundException("no product " + query.path("sku"));
                    }
                    return product.price();
                });
    }

    @Test
    void routesAnswerWithJsonThatKeepsDecimalsAndTimesExact() {
        URI products = products(catalog());

        Http.Response mug = Http.get(URI.create(products + "/MUG-01"));
        Http.Response decoded = Http.get(URI.create(products + "/a%20b+c/"));
        Http.Response bestsellers = Http.get(URI.create(products + "/bestsellers"));
        Http.Response price = Http.get(URI.create(products + "/MUG-01/price"));

        assertThat(mug.status()).isEqualTo(200);
        assertThat(mug.contentType()).isEqualTo("application/json");
        assertThat(mug.header("Cache-Control")).hasValue("no-store");
        assertThat(mug.text()).isEqualTo("{\"sku\":\"MUG-01\",\"price\":8.00,\"listedAt\":\"2026-01-05T10:15:30.120Z\"}");
        assertThat(decoded.json().get("sku").asText()).as("segments percent-decoded, '+' kept").isEqualTo("a b+c");
        assertThat(decoded.json().get("price").toString()).as("never in exponent notation").isEqualTo("10");
        assertThat(bestsellers.json()).isEqualTo(Http.json("[\"MUG-01\"]"));
        assertThat(price.text()).isEqualTo("8.00");
    }

    @Test
    void typedParametersTakeGoodValuesAndDefaults() {
        URI products = products(catalog());

        JsonNode given = Http.get(URI.create(products + "?limit=25&cheapFirst=TRUE&tag=blue%20mugs")).json();
        JsonNode defaults = Http.get(URI.create(products + "/")).json();

        assertThat(given).isEqualTo(Http.json("{\"limit\":25,\"cheapFirst\":true,\"tag\":\"blue mugs\"}"));
        assertThat(defaults).isEqualTo(Http.json("{\"limit\":10,\"cheapFirst\":false,\"tag\":\"\"}"));
    }

    @Test
    void aBadParameterIsA400NamingItAndItsValue() {
        URI products = products(catalog());
        Map<String, String> bad = Map.of(
                "limit=abc", "limit must be a whole number from 1 to 100, was: \"abc\"",
                "limit=", "limit must be a whole number from 1 to 100, was: \"\"",
                "limit=101", "limit must be a whole number from 1 to 100, was: 101",
                "limit=99999999999999999999", "limit must be a whole number from 1 to 100, was: \"99999999999999999999\"",
                "limit=1&limit=2", "limit must be given once, was given 2 times: [1, 2]",
                "cheapFirst=yes", "cheapFirst must be true or false, was: \"yes\"");

        bad.forEach((query, detail) -> {
            JsonNode problem = Http.assertProblem(Http.get(URI.create(products + "?" + query)), 400);
            assertThat(problem.get("parameter").asText()).as(query).isEqualTo(query.substring(0, query.indexOf('=')));
            assertThat(problem.get("detail").asText()).as(query).isEqualTo(detail);
        });
    }

    @Test
    void whatIsUnknownIsA404NamingThePath() {
        URI products = products(catalog());
        URI root = URI.create(products.toString().replace("/products", ""));

        JsonNode emptyOptional = Http.assertProblem(Http.get(URI.create(products + "/NOPE")), 404);
        JsonNode thrown = Http.assertProblem(Http.get(URI.create(products + "/NOPE/price")), 404);
        JsonNode noRoute = Http.assertProblem(Http.get(URI.create(products + "/MUG-01/price/history")), 404);
        JsonNode onlyAPrefix = Http.assertProblem(Http.get(URI.create(root + "/productsX")), 404);

        assertThat(emptyOptional.get("detail").asText()).isEqualTo("there is nothing at /products/NOPE");
        assertThat(thrown.get("detail").asText()).isEqualTo("no product NOPE");
        assertThat(noRoute.get("detail").asText()).isEqualTo("there is no resource at /products/MUG-01/price/history");
        assertThat(onlyAPrefix.get("detail").asText()).isEqualTo("there is no resource at /productsX");
    }

    @Test
    void failuresOfTheApplicationAreProblemsThatShowNoInternals() {
        URI uri = products(QueryEndpoint.builder()
                .get("refused", query -> {
                    throw new IllegalArgumentException("colour must be red or blue, was: green");
                })
                .get("broken", query -> {
                    throw new IllegalStateException("the connection pool is exhausted");
                })
                .get("null", query -> null)
                .get("unnamed", query -> query.path("sku")));

        JsonNode refused = Http.assertProblem(Http.get(URI.create(uri + "/refused")), 400);
        for (String path : List.of("/broken", "/null", "/unnamed")) {
            JsonNode problem = Http.assertProblem(Http.get(URI.create(uri + path)), 500);
            assertThat(problem.get("errorId").asText()).as(path).hasSize(36);
            assertThat(problem.get("detail").asText()).as(path).contains(problem.get("errorId").asText())
                    .doesNotContain("pool").doesNotContain("sku");
        }
        assertThat(refused.get("detail").asText()).isEqualTo("colour must be red or blue, was: green");
    }

    @Test
    void postsGoToTheCommandsOfTheSameResourceAndOtherMethodsAreRefused() {
        URI withCommands = products(catalog().commands(CommandEndpoint.of(request ->
                CommandReply.created(Map.of("listed", request.path(), "commandId", request.commandId())))));
        URI readOnly = serve(Map.of("/bestsellers", QueryEndpoint.of(query -> List.of()))).uri("/bestsellers");

        Http.Response posted = Http.postJson(URI.create(withCommands + "/MUG-01"), "{\"commandId\":\"c-1\"}");
        Http.Response put = Http.send(HttpRequest.newBuilder(withCommands)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        Http.Response postToReadOnly = Http.postJson(readOnly, "{\"commandId\":\"c-1\"}");

        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.json()).isEqualTo(Http.json("{\"listed\":[\"MUG-01\"],\"commandId\":\"c-1\"}"));
        Http.assertProblem(put, 405);
        assertThat(put.header("Allow")).hasValue("GET, POST");
        Http.assertProblem(postToReadOnly, 405);
        assertThat(postToReadOnly.header("Allow")).hasValue("GET");
        assertThat(Http.get(readOnly).json()).isEqualTo(Http.json("[]"));
    }

    @Test
    void theBuilderRefusesRoutesThatCannotBeMatched() {
        for (String bad : List.of("a//b", "{", "a{b}", "{1sku}", "{sku}/{sku}", "{}", "{a b}")) {
            assertThatThrownBy(() -> QueryEndpoint.builder().get(bad, query -> 1)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + bad + "\"");
        }
        assertThatThrownBy(() -> QueryEndpoint.builder().get("{sku}", query -> 1).get("/{id}", query -> 2))
                .hasMessage("route \"/{id}\" matches the same paths as a route given before");
        assertThatThrownBy(() -> QueryEndpoint.builder().get("", null)).hasMessage("handler must not be null");
        assertThatThrownBy(() -> QueryEndpoint.builder().commands(null)).hasMessage("commands must not be null");
        assertThatThrownBy(() -> QueryEndpoint.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route");
        QueryRequest request = new QueryRequest("", List.of(), Map.of(), Map.of(), new com.sun.net.httpserver.Headers());
        assertThatThrownBy(() -> request.intParameter("limit", 1, 5, 4)).hasMessage("min must not be above max, was: 5 > 4");
    }
}
