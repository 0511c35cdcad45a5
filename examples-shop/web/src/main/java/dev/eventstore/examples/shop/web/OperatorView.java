package dev.eventstore.examples.shop.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * What the operator sees of every service, read through the services' HTTP APIs: its process, its
 * database's kind, its log's head, each reactor with its checkpoint, and for each reactor that reads
 * another service's feed, its lag as the service's own metrics give it on its status page
 * ({@code consumers}): the positions of that feed it has still to read, and how long the oldest of them
 * has waited.
 *
 * <p>Every service is asked at once, each with a short timeout: one that does not answer shows as
 * down (its process gone) or not answering (its process there), never holds up the others.
 */
final class OperatorView {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Operator operator;
    private final Controls controls;
    private final HttpClient http;
    private final ExecutorService threads;

    OperatorView(Operator operator, Controls controls, HttpClient http, ExecutorService threads) {
        this.operator = operator;
        this.controls = controls;
        this.http = http;
        this.threads = threads;
    }

    /** @return every service as the operator sees it, and the roll-out's replay */
    Map<String, Object> snapshot() {
        Map<String, CompletableFuture<JsonNode>> statuses = new LinkedHashMap<>();
        for (String service : operator.services()) {
            statuses.put(service, ask(service, "/status"));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (String service : operator.services()) {
            services.add(service(service, statuses));
        }
        view.put("services", services);
        view.put("rollOut", controls.rollOut());
        return view;
    }

    private Map<String, Object> service(String service, Map<String, CompletableFuture<JsonNode>> statuses) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", service);
        json.put("url", operator.url(service).toString());
        long pid = operator.pid(service);
        json.put("pid", pid);
        json.put("database", database(operator.database(service)));
        JsonNode status = null;
        String problem = null;
        try {
            status = statuses.get(service).join();
        } catch (RuntimeException e) {
            problem = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        }
        String underWay = controls.underWay(service);
        json.put("state", underWay != null ? underWay : pid < 0 ? "down" : status != null ? "up" : "not answering");
        if (status == null) {
            json.put("problem", pid < 0 ? service + " is not running" : problem);
        }
        Controls.Outcome outcome = controls.outcome(service);
        if (outcome != null) {
            json.put("lastAction", outcome.text());
            json.put("lastActionFailed", outcome.failed());
            json.put("lastActionAt", outcome.at().toString());
        }
        if (status == null) {
            return json;
        }
        json.put("head", status.has("head") ? status.path("head").asLong() : null);
        List<Map<String, Object>> consumers = new ArrayList<>();
        List<Map<String, Object>> reactors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = status.path("reactors").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> reactor = fields.next();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", reactor.getKey());
            row.put("state", reactor.getValue().path("state").asText());
            long checkpoint = reactor.getValue().path("position").asLong();
            row.put("checkpoint", checkpoint);
            if (reactor.getValue().has("failure")) {
                row.put("failure", reactor.getValue().path("failure").asText());
            }
            String feed = Wiring.feedReadBy(service, reactor.getKey());
            if (feed == null) {
                reactors.add(row);
                continue;
            }
            row.put("feed", feed);
            JsonNode following = status.path("feeds").path(feed);
            if (following.path("waiting").asBoolean()) {
                row.put("waiting", following.path("lastError").asText("waiting for " + feed));
            }
            consumers.add(row);
            JsonNode meters = status.path("consumers").path(reactor.getKey());
            if (meters.path("lagEvents").isNumber()) {
                row.put("lag", meters.path("lagEvents").asLong());
                if (meters.path("lagMillis").isNumber()) {
                    row.put("lagMillis", meters.path("lagMillis").asLong());
                }
            } else {
                // The service's consumer cannot read the feed's head now, or has stopped.
                row.put("lagUnknown", "the " + feed + " feed does not answer");
            }
        }
        json.put("consumers", consumers);
        json.put("reactors", reactors);
        if (status.has("commands")) {
            // The services orders sends commands to, as its status page shows them (StatusEndpoint).
            json.put("peers", status.path("commands"));
        }
        return json;
    }

    private CompletableFuture<JsonNode> ask(String service, String path) {
        URI url = URI.create(operator.url(service) + path);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Wire.get(http, service, url, TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, threads);
    }

    /**
     * What kind of database a JDBC URL names, and which one, for the page: never a password.
     *
     * @param url a service's database URL
     * @return {@code kind} (SQLite file, PostgreSQL database) and {@code name} (the file, or the database
     *     and its server)
     */
    static Map<String, String> database(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Map.of("kind", "SQLite file", "name", url.substring("jdbc:sqlite:".length()));
        }
        if (url.startsWith("jdbc:postgresql://")) {
            String rest = url.substring("jdbc:postgresql://".length());
            int query = rest.indexOf('?');
            String where = query < 0 ? rest : rest.substring(0, query);
            int slash = where.indexOf('/');
            String name = slash < 0 ? where : where.substring(slash + 1) + " on " + where.substring(0, slash);
            return Map.of("kind", "PostgreSQL database", "name", name);
        }
        return Map.of("kind", "database", "name", "(not shown)");
    }
}
