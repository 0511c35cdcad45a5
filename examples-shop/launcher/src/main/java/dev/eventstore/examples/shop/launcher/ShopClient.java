package dev.eventstore.examples.shop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The shop seen from outside, through the services' HTTP APIs only: what the demo and the tests use
 * to act and to check. Every command gets a fresh command id unless one is given.
 */
public final class ShopClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private final Function<ServiceName, URI> urls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** @param urls each service's base URL */
    public ShopClient(Function<ServiceName, URI> urls) {
        this.urls = urls;
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the JSON body; a missing node if there was none
     */
    public record Reply(int status, JsonNode body) {
        /** @return true for 2xx */
        public boolean ok() {
            return status / 100 == 2;
        }

        /**
         * @return the body of a 2xx
         * @throws IllegalStateException naming the status and the problem otherwise
         */
        public JsonNode orThrow() {
            if (!ok()) {
                throw new IllegalStateException("HTTP " + status + ": " + body);
            }
            return body;
        }
    }

    /**
     * @param service the service
     * @param path the path and query
     * @return the answer
     * @throws IllegalStateException if the service does not answer
     */
    public Reply get(ServiceName service, String path) {
        return send(HttpRequest.newBuilder(urls.apply(service).resolve(path)).GET());
    }

    /**
     * Sends a command with a new command id.
     *
     * @param service the service
     * @param path the command's path
     * @param body the command without its id
     * @return the answer
     */
    public Reply post(ServiceName service, String path, Map<String, ?> body) {
        return post(service, path, UUID.randomUUID().toString(), body);
    }

    /**
     * Sends a command.
     *
     * @param service the service
     * @param path the command's path
     * @param commandId its idempotency key
     * @param body the command without its id
     * @return the answer
     */
    public Reply post(ServiceName service, String path, String commandId, Map<String, ?> body) {
        Map<String, Object> command = new java.util.LinkedHashMap<>();
        command.put("commandId", commandId);
        command.putAll(body);
        try {
            return send(HttpRequest.newBuilder(urls.apply(service).resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(command))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
