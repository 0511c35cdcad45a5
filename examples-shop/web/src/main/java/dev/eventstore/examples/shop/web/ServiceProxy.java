package dev.eventstore.examples.shop.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.http.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/<service>/<path>}: the services' public HTTP APIs, passed through as they are, so that
 * the page (one origin) reaches them all and shows their own answers, problems included. A service
 * that cannot be reached is a problem too: 503 when nothing answers (it is down), 504 when it is too
 * slow, each naming the service in the member {@code service}.
 */
final class ServiceProxy implements HttpHandler {

    /** Where the services' APIs are, on the page's server. */
    static final String PREFIX = "/api/";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern WAIT = Pattern.compile("(?:^|&)wait=([0-9]{1,3})(?:&|$)");

    private final Operator operator;
    private final HttpClient http;

    ServiceProxy(Operator operator, HttpClient http) {
        this.operator = operator;
        this.http = http;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rest = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
            int slash = rest.indexOf('/');
            String service = slash < 0 ? rest : rest.substring(0, slash);
            if (!operator.services().contains(service)) {
                Problems.notFound(exchange, "no service '" + service + "'; the services are " + operator.services());
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                Problems.methodNotAllowed(exchange, "GET", "POST");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            URI target;
            try {
                target = URI.create(operator.url(service) + (slash < 0 ? "/" : rest.substring(slash))
                        + (query == null ? "" : "?" + query));
            } catch (IllegalArgumentException e) {
                Problems.send(exchange, 400, "not a path of " + service + ": " + exchange.getRequestURI());
                return;
            }
            Duration timeout = timeout(query);
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout);
            if (method.equals("POST")) {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                request.header("Content-Type", type == null ? "application/json" : type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                LOG.debug("{} {}: {}", method, target, e.toString());
                boolean slow = e instanceof java.net.http.HttpTimeoutException;
                Problems.send(exchange, slow ? 504 : 503, Problems.ABOUT_BLANK,
                        Wire.unreachable(service, target, timeout, e), Map.of("service", service));
                return;
            }
            String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            Wire.send(exchange, response.statusCode(), type, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("{}: the page went away: {}", exchange.getRequestURI(), e.toString());
        }
    }

    /** Long enough for a long poll's {@code wait}, and a little more. */
    private static Duration timeout(String query) {
        if (query != null) {
            Matcher wait = WAIT.matcher(query);
            if (wait.find()) {
                return TIMEOUT.plusSeconds(Long.parseLong(wait.group(1)));
            }
        }
        return TIMEOUT;
    }
}
