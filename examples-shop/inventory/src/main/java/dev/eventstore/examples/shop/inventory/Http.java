package dev.eventstore.examples.shop.inventory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.Problems;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's thin HTTP layer for reads: GET requests answered with JSON, or with an RFC 9457
 * problem (404 for what is unknown, 400 for a bad parameter). Commands (POST) go to the library's
 * {@link dev.eventstore.http.CommandEndpoint}.
 */
final class Http {

    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    /** Writes decimals exactly and times as ISO-8601. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private Http() {
    }

    /** Answers a GET: the path's segments below the context, and the query's parameters. */
    @FunctionalInterface
    interface Read {
        Object answer(List<String> path, Map<String, String> parameters) throws Exception;
    }

    /**
     * @param reads answers GET requests
     * @param commands answers POST requests; null if the context takes none
     * @return a handler for one context
     */
    static HttpHandler routes(Read reads, HttpHandler commands) {
        return exchange -> {
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && commands != null) {
                commands.handle(exchange);
            } else if (method.equals("GET")) {
                read(exchange, reads);
            } else {
                exchange.getResponseHeaders().set("Allow", commands == null ? "GET" : "GET, POST");
                Problems.send(exchange, 405, "use " + (commands == null ? "GET" : "GET or POST") + ", not " + method);
            }
        };
    }

    private static void read(HttpExchange exchange, Read reads) throws IOException {
        try {
            Object answer = reads.answer(segments(exchange), parameters(exchange));
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            LOG.debug("GET {}: the client went away: {}", exchange.getRequestURI(), e.toString());
        } catch (ResourceNotFoundException e) {
            Problems.notFound(exchange, e.getMessage());
        } catch (IllegalArgumentException e) {
            Problems.send(exchange, 400, e.getMessage());
        } catch (Exception e) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("GET {} failed (error id {})", exchange.getRequestURI(), errorId, e);
            Problems.send(exchange, 500, "about:blank", "the request failed; error id " + errorId, Map.of());
        } finally {
            exchange.close();
        }
    }

    private static List<String> segments(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath().substring(exchange.getHttpContext().getPath().length());
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> parameters(HttpExchange exchange) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    /**
     * What a reactor is doing, for the status page.
     *
     * @param reactor a reactor
     * @return its state, position and failure
     */
    static Map<String, Object> status(Reactor<?> reactor) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", reactor.state().toString());
        status.put("position", reactor.position());
        reactor.failure().ifPresent(f -> status.put("failure", String.valueOf(f.getCause())));
        return status;
    }

    /**
     * Whether a feed this service follows answers, for the status page.
     *
     * @param feed a feed
     * @return "waiting" and the last error if it does not
     */
    static Map<String, Object> status(HttpEventFeed feed) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("waiting", feed.failing());
        if (feed.failing()) {
            feed.lastError().ifPresent(e -> status.put("lastError", e.getMessage()));
        }
        return status;
    }
}
