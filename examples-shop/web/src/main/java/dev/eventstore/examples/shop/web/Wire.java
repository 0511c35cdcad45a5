package dev.eventstore.examples.shop.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/** The page server's JSON, its answers, and its calls to the services. */
final class Wire {

    /** Keeps decimals as the services wrote them (8.00, not 8.0). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private Wire() {
    }

    /** A client for the services: HTTP/1.1, as the JDK server speaks it, and quick to give up connecting. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Threads that never keep the JVM alive: the launcher's own {@code main} decides when it ends. */
    static ThreadFactory daemons(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Answers with JSON and closes the exchange.
     *
     * @throws IOException if the client went away
     */
    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /**
     * Answers with bytes of a type and closes the exchange.
     *
     * @throws IOException if the client went away
     */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * A GET of a service's JSON.
     *
     * @param http the client
     * @param service the service's name, for the message
     * @param url what to get
     * @param timeout how long to wait for the whole answer
     * @return the JSON of a 2xx answer
     * @throws ServiceCallException if the service does not answer, or answers with an error
     * @throws InterruptedException if the thread is interrupted
     */
    static JsonNode get(HttpClient http, String service, URI url, Duration timeout) throws InterruptedException {
        return call(http, service, HttpRequest.newBuilder(url).timeout(timeout).GET().build());
    }

    /**
     * A POST of a command to a service.
     *
     * @param http the client
     * @param service the service's name, for the message
     * @param url where to
     * @param command the command, with its {@code commandId}
     * @return the JSON of a 2xx answer
     * @throws ServiceCallException if the service does not answer, or answers with an error
     * @throws InterruptedException if the thread is interrupted
     */
    static JsonNode post(HttpClient http, String service, URI url, Object command) throws InterruptedException {
        try {
            return call(http, service, HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(command))).build());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + command + " as JSON", e);
        }
    }

    private static JsonNode call(HttpClient http, String service, HttpRequest request) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServiceCallException(service, unreachable(service, request.uri(), request.timeout().orElse(null),
                    e), e);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ServiceCallException(service, service + " answered " + request.uri().getPath()
                    + " with something that is not JSON", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ServiceCallException(service, service + " answered " + request.method() + " "
                    + request.uri().getPath() + " with " + response.statusCode() + ": "
                    + body.path("detail").asText(body.toString()), null);
        }
        return body;
    }

    /**
     * Says why a service could not be reached, in words for the page.
     *
     * @param service its name
     * @param url what was asked
     * @param timeout the request's timeout, if it had one
     * @param e what the client threw
     * @return "payments is down: nothing answers at http://…", or that it did not answer in time
     */
    static String unreachable(String service, URI url, Duration timeout, IOException e) {
        if (e instanceof ConnectException) {
            return service + " is down: nothing answers at " + url.getScheme() + "://" + url.getAuthority();
        }
        if (e instanceof HttpTimeoutException && timeout != null) {
            return service + " did not answer within " + timeout.toMillis() + " ms";
        }
        return service + " broke off: " + e;
    }

    /** A service that did not answer as asked: down, too slow, or refusing. */
    static final class ServiceCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The service's name. */
        final String service;

        ServiceCallException(String service, String message, Throwable cause) {
            super(message, cause);
            this.service = service;
        }
    }
}
