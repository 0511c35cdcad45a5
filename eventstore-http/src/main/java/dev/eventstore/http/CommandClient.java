package dev.eventstore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.RetryPolicy;
import dev.eventstore.typed.EventMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands to another service's {@link CommandEndpoint}: each one an HTTP POST of a JSON object
 * carrying a {@code commandId}, sent again, with the same id, while the service does not answer. The
 * receiver books a command id once, so a command sent twice (a retry after a lost answer, a reaction
 * run again after a crash) takes effect once.
 *
 * <pre>{@code
 * CommandClient payments = CommandClient.builder(URI.create("http://payments:8082")).name("payments").build();
 * // In a reactor's reaction: ctx.commandId(...) is the same every time the event is reacted to.
 * CommandClient.Reply reply = payments.send("/payments/" + paymentId + "/capture", ctx.commandId("capture"), Map.of());
 * if (reply.rejected()) {
 *     // 422: understood and refused by a business rule; reply.detail() says why
 * }
 * }</pre>
 *
 * <h2>Outcomes</h2>
 * <ul>
 *   <li>A 2xx answer, or a 422 (the receiver's {@link dev.eventstore.aggregate.CommandRejectedException}:
 *       refused, and refused again if sent again), is returned as a {@link Reply}.</li>
 *   <li>No answer (the service is down, the connection breaks, the request times out), a 502, 503 or
 *       504, or a 409 of type {@link Problems#CONCURRENCY_CONFLICT}: the command is sent again after a
 *       back-off, as the {@link Builder#retry retry policy} says, each retry logged as a warning. When
 *       the attempts are used up, {@link CommandSendException}.</li>
 *   <li>Any other answer (400, 404, 409 for a command id used for another command, 500, ...):
 *       {@link CommandSendException} at once, naming the status and the problem's detail: sent again
 *       as it is, the command would meet the same answer.</li>
 * </ul>
 * A reactor whose reaction throws the exception backs off and reacts again, sending the same command
 * with the same id: so a service that is down for an hour delays the reactor that talks to it, and
 * books every command once when it is back.
 *
 * <h2>Health</h2>
 * {@link #status()} says whether the client is waiting for its service (its latest attempt failed),
 * since when, after how many failed attempts and why, and how many commands it has sent, and how many
 * of them the service had handled before ({@link Reply#alreadyHandled()}): what a status page shows
 * ({@link StatusEndpoint}).
 *
 * <p>Safe for concurrent use.
 */
public final class CommandClient {

    private static final Logger LOG = LoggerFactory.getLogger(CommandClient.class);

    /** The default of {@link Builder#timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time to connect to the service. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The body field of a reply that says the receiver had handled the command before. */
    public static final String ALREADY_HANDLED_FIELD = "alreadyHandled";
    private static final int MAX_DETAIL = 500;

    private final URI base;
    private final String name;
    private final HttpClient client;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final ObjectMapper mapper;
    private long sent;
    private long repeats;
    private int failures;
    private Instant since;
    private String lastError;

    private CommandClient(Builder builder) {
        this.base = builder.base;
        this.name = builder.name != null ? builder.name : builder.base.toString();
        this.client = builder.client != null ? builder.client
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                        .build();
        this.timeout = builder.timeout;
        this.retry = builder.retry;
        this.mapper = builder.mapper != null ? builder.mapper : Jsons.web();
    }

    /**
     * @param service the service's base address, such as {@code http://payments:8082}: http or https,
     *     with a host, without a query or fragment; the paths of commands are resolved against it
     * @return a builder: a request timeout of 10 s, {@link RetryPolicy#defaults()}, a client of its own
     *     (HTTP/1.1, connecting within 5 s), exact decimals and ISO-8601 times in the JSON
     * @throws IllegalArgumentException if {@code service} is null or not such an address
     */
    public static Builder builder(URI service) {
        Args.notNull("service", service);
        String scheme = service.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || service.getHost() == null || service.getRawQuery() != null || service.getRawFragment() != null) {
            throw new IllegalArgumentException("service must be an http or https address with a host and without "
                    + "a query or fragment, was: " + service);
        }
        return new Builder(service);
    }

    /** @return the service's name, used in messages and logs */
    public String name() {
        return name;
    }

    /** @return the service's base address */
    public URI uri() {
        return base;
    }

    /**
     * Sends a command; see the class description for what is sent again and what is thrown.
     *
     * @param path where to send it, resolved against the service's address ({@code /payments/42/capture})
     * @param commandId the command's id: 1 to 200 characters, not blank, no control characters; the same
     *     every time this command is sent
     * @param command the command's fields, written as a JSON object with the client's mapper (a map, a
     *     record, a Jackson {@link ObjectNode}); its {@code commandId} is added, and must not differ
     *     if it is there already
     * @return the service's answer: 2xx, or 422 if a business rule refused the command
     * @throws CommandSendException if the service did not answer within the retries, or answered with
     *     another status
     * @throws InterruptedException if the thread is interrupted while it waits for an answer or a retry
     * @throws IllegalArgumentException if the path is not a path, the command id is invalid, or the
     *     command is not written as a JSON object or carries another command id
     */
    public Reply send(String path, String commandId, Object command) throws InterruptedException {
        URI uri = resolve(path);
        byte[] body = body(commandId, command);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            String failure;
            Exception cause = null;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                JsonNode answer = json(response.body());
                int status = response.statusCode();
                if (status / 100 == 2 || status == 422) {
                    Reply reply = new Reply(status, answer);
                    answered(reply);
                    return reply;
                }
                failure = name + " answered " + status + " to POST " + uri.getRawPath() + " (command " + commandId + ")"
                        + detail(answer);
                if (!retryable(status, answer)) {
                    failed(failure);
                    throw new CommandSendException(name, uri, commandId, status, failure, null);
                }
            } catch (IOException e) {
                failure = name + " does not answer POST " + uri.getRawPath() + " (command " + commandId + "): " + e;
                cause = e;
                response = null;
            }
            failed(failure);
            if (attempt >= retry.maxAttempts()) {
                throw new CommandSendException(name, uri, commandId, response == null ? 0 : response.statusCode(),
                        failure + "; gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts"), cause);
            }
            long wait = retry.delayAfter(attempt).toMillis();
            LOG.warn("{} (attempt {} of {}); sending it again in {} ms", failure, attempt, retry.maxAttempts(), wait);
            Thread.sleep(wait);
        }
    }

    /**
     * @return true if the latest attempt to send a command failed: the service is down or answers with
     *     errors, and its callers are waiting for it. False again after the next answered command.
     */
    public synchronized boolean failing() {
        return failures > 0;
    }

    /** @return what the client knows of its service's answers, for a status page */
    public synchronized Status status() {
        return new Status(failures > 0, failures > 0 ? since : null, failures, lastError, sent, repeats);
    }

    @Override
    public String toString() {
        return "CommandClient[" + name + " at " + base + (failing() ? ", failing" : "") + "]";
    }

    private URI resolve(String path) {
        Args.notNull("path", path);
        URI relative;
        try {
            relative = new URI(path);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("path must be a valid path, was: \"" + path + "\"", e);
        }
        if (path.isEmpty() || relative.getScheme() != null || relative.getRawAuthority() != null
                || relative.getRawFragment() != null) {
            throw new IllegalArgumentException("path must be a path below the service's address, was: \"" + path
                    + "\"");
        }
        return base.resolve(relative);
    }

    private byte[] body(String commandId, Object command) {
        Args.name("commandId", commandId, EventMetadata.MAX_KEY_LENGTH);
        JsonNode fields = mapper.valueToTree(Args.notNull("command", command));
        if (!(fields instanceof ObjectNode object)) {
            throw new IllegalArgumentException("command must be written as a JSON object, was: " + fields);
        }
        JsonNode given = object.get(CommandEndpoint.COMMAND_ID_FIELD);
        if (given != null && !given.isNull() && !commandId.equals(given.asText())) {
            throw new IllegalArgumentException("the command carries commandId " + given + ", not " + commandId);
        }
        ObjectNode body = mapper.createObjectNode().put(CommandEndpoint.COMMAND_ID_FIELD, commandId);
        object.remove(CommandEndpoint.COMMAND_ID_FIELD);
        body.setAll(object);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("command cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private JsonNode json(byte[] body) {
        if (body.length == 0) {
            return mapper.missingNode();
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.missingNode();
        }
    }

    private static boolean retryable(int status, JsonNode answer) {
        return status == 502 || status == 503 || status == 504
                || (status == 409 && Problems.CONCURRENCY_CONFLICT.equals(answer.path("type").asText()));
    }

    private static String detail(JsonNode answer) {
        String detail = answer.path("detail").asText("");
        if (detail.isEmpty()) {
            return "";
        }
        return ": " + (detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail);
    }

    private synchronized void answered(Reply reply) {
        sent++;
        if (reply.alreadyHandled()) {
            repeats++;
        }
        failures = 0;
        since = null;
    }

    private synchronized void failed(String error) {
        if (failures++ == 0) {
            since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
        lastError = error;
    }

    /**
     * A service's answer to a command.
     *
     * @param status the HTTP status: 2xx, or 422 for a command a business rule refused
     * @param body the JSON body; a missing node if there was none, or it was not JSON
     */
    public record Reply(int status, JsonNode body) {

        /**
         * @param status the HTTP status
         * @param body the JSON body
         * @throws IllegalArgumentException if {@code body} is null
         */
        public Reply {
            Args.notNull("body", body);
        }

        /** @return true if a business rule refused the command (422): sent again, it is refused again */
        public boolean rejected() {
            return status == 422;
        }

        /**
         * @return true if the receiver says it had handled this command id before and booked nothing now:
         *     the body's {@value CommandClient#ALREADY_HANDLED_FIELD} is {@code true}, as an endpoint
         *     answers that hands on {@link dev.eventstore.aggregate.CommandResult#alreadyHandled()}
         */
        public boolean alreadyHandled() {
            return body.path(ALREADY_HANDLED_FIELD).asBoolean(false);
        }

        /** @return the problem's {@code detail} of a 422: why the command was refused; empty if none */
        public Optional<String> detail() {
            JsonNode detail = body.path("detail");
            return detail.isTextual() ? Optional.of(detail.asText()) : Optional.empty();
        }
    }

    /**
     * What a client knows of its service's answers.
     *
     * @param waiting true if the latest attempt failed: callers are waiting for the service
     * @param since when the attempts began to fail; null unless waiting
     * @param failures how many attempts have failed in a row; 0 unless waiting
     * @param lastError the error of the latest failed attempt, even if commands have been answered since;
     *     null if none has failed
     * @param sent how many commands the service has answered (2xx or 422)
     * @param repeats how many of them it had handled before ({@link Reply#alreadyHandled()})
     */
    public record Status(boolean waiting, Instant since, int failures, String lastError, long sent, long repeats) {
    }

    /** Builds a {@link CommandClient}; each setter checks its value at once. */
    public static final class Builder {
        private final URI base;
        private String name;
        private HttpClient client;
        private Duration timeout = DEFAULT_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.defaults();
        private ObjectMapper mapper;

        private Builder(URI base) {
            this.base = base;
        }

        /**
         * @param name the service's name in messages, logs and {@link CommandSendException#service()},
         *     typically as it names itself ({@code payments}); default the address
         * @return this builder
         * @throws IllegalArgumentException if blank, longer than 100 characters or holding control characters
         */
        public Builder name(String name) {
            this.name = Args.name("name", name, 100);
            return this;
        }

        /**
         * @param timeout how long one attempt may wait for its answer before it counts as unanswered
         * @return this builder
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder timeout(Duration timeout) {
            Args.notNull("timeout", timeout);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be above zero, was: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param retry how often, and after how long, a command that met no answer is sent again before
         *     {@link CommandClient#send} gives up; {@link RetryPolicy#none()} to send each once
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Args.notNull("retry", retry);
            return this;
        }

        /**
         * @param client the HTTP client to send with (its executor, proxy, TLS settings); by default one
         *     of the client's own
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder client(HttpClient client) {
            this.client = Args.notNull("client", client);
            return this;
        }

        /**
         * @param mapper writes commands and reads answers; used as given. By default a mapper with exact
         *     decimals and {@code java.time} values as ISO-8601 strings.
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Args.notNull("mapper", mapper);
            return this;
        }

        /** @return the client; it sends nothing until asked */
        public CommandClient build() {
            return new CommandClient(this);
        }
    }
}
