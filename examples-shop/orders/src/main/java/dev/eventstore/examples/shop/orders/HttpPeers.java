package dev.eventstore.examples.shop.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the checkout's commands to the other services over HTTP, and remembers, per service, whether
 * it answers: a service that does not shows as waiting on the status page, since when, and why, while
 * the reactor that sends to it backs off and sends again.
 */
public final class HttpPeers implements PeerCommands {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, URI> peers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Health> health = new ConcurrentHashMap<>();

    /**
     * @param peers the services' base addresses, by name
     */
    public HttpPeers(Map<String, URI> peers) {
        this.peers = Map.copyOf(peers);
        for (String name : peers.keySet()) {
            health.put(name, new Health());
        }
    }

    @Override
    public Reply send(String peer, String path, Map<String, Object> body) throws Exception {
        URI base = peers.get(peer);
        if (base == null) {
            throw new IllegalStateException("no address for " + peer + "; the orders service knows " + peers.keySet());
        }
        Health peerHealth = health.get(peer);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Http.JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw peerHealth.failed(peer + " does not answer: " + e, e);
        }
        int status = response.statusCode();
        JsonNode answer = response.body().isEmpty() ? Http.JSON.missingNode() : Http.JSON.readTree(response.body());
        if (status / 100 == 2 || status == 422) {
            Reply reply = new Reply(status, answer);
            peerHealth.answered(reply.alreadyHandled());
            return reply;
        }
        throw peerHealth.failed(peer + " answered " + status + " to POST " + path + ": "
                + answer.path("detail").asText(response.body()), null);
    }

    /**
     * @return for each service: whether the checkout is waiting for it, since when, after how many
     *     failed attempts and why; and how many commands it took and how many of them it had taken before
     */
    public Map<String, Map<String, Object>> status() {
        Map<String, Map<String, Object>> status = new LinkedHashMap<>();
        health.forEach((name, peer) -> status.put(name, peer.status()));
        return status;
    }

    /** What the checkout knows of one service's answers. */
    private static final class Health {
        private long sent;
        private long repeats;
        private long failures;
        private Instant since;
        private String lastError;

        synchronized void answered(boolean repeat) {
            sent++;
            if (repeat) {
                repeats++;
            }
            failures = 0;
            since = null;
        }

        synchronized IOException failed(String error, Exception cause) {
            failures++;
            if (since == null) {
                since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
            lastError = error;
            return new IOException(error, cause);
        }

        synchronized Map<String, Object> status() {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("waiting", failures > 0);
            if (failures > 0) {
                status.put("since", since.toString());
                status.put("failures", failures);
            }
            if (lastError != null) {
                status.put("lastError", lastError);
            }
            status.put("sent", sent);
            status.put("repeats", repeats);
            return status;
        }
    }
}
