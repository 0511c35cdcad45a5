package dev.eventstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.typed.EventMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands over HTTP: a POST of a JSON object carrying a {@code commandId} (an idempotency key the
 * client chooses, and sends again with a retry), handed to application code, answered 2xx with JSON or
 * with an RFC 9457 problem ({@link Problems}).
 *
 * <pre>{@code
 * CommandEndpoint stock = CommandEndpoint.of(request -> {
 *     String sku = request.path().get(0);                          // POST /stock/{sku}
 *     Receive command = request.bodyAs(Receive.class);             // {"commandId":"…","quantity":5}
 *     CommandResult<Stock, StockEvent> result =
 *             handler.handle("stock-" + sku, command, EventMetadata.forCommand(request.commandId()));
 *     return CommandReply.ok(Map.of("onHand", result.state().onHand(), "alreadyHandled", result.alreadyHandled()));
 * });
 * server.createContext("/stock", stock);
 * }</pre>
 *
 * <h2>Answers</h2>
 * <table>
 *   <caption>What each outcome is answered with</caption>
 *   <tr><th>outcome</th><th>status</th><th>problem</th></tr>
 *   <tr><td>the handler's {@link CommandReply}</td><td>its 2xx</td><td>(its body as JSON)</td></tr>
 *   <tr><td>a method other than POST</td><td>405, with {@code Allow: POST}</td><td></td></tr>
 *   <tr><td>a media type other than JSON</td><td>415, with {@code Accept-Post: application/json}</td><td></td></tr>
 *   <tr><td>a body over {@link Builder#maxBodyBytes}</td><td>413</td><td></td></tr>
 *   <tr><td>a body that is not a JSON object, a missing or bad {@code commandId}, an
 *       {@link InvalidFieldException}</td><td>400</td><td>{@code field} names the field</td></tr>
 *   <tr><td>another {@link IllegalArgumentException}</td><td>400</td><td>its message as the detail</td></tr>
 *   <tr><td>{@link ResourceNotFoundException}</td><td>404</td><td></td></tr>
 *   <tr><td>{@link CommandRejectedException}</td><td>422</td><td>{@link Problems#COMMAND_REJECTED}, its reason</td></tr>
 *   <tr><td>{@link CommandIdConflictException}</td><td>409</td><td>{@link Problems#COMMAND_ID_CONFLICT}, {@code commandId}</td></tr>
 *   <tr><td>a conflict with concurrent writers that outlasted the command handler's retries</td><td>409</td>
 *       <td>{@link Problems#CONCURRENCY_CONFLICT}</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>no detail but an {@code errorId}; the error is logged with it</td></tr>
 * </table>
 *
 * <p>Why a rejection is a 422 and not a 409: the request was well-formed and understood, and the
 * domain refused it; sending it again will be refused again until something else changes. A 409 is kept
 * for the two conflicts a client handles differently: a command id reused for another command (a
 * client bug) and a race with concurrent writers (send the same command again, with the same id: safe).
 * Their problem types tell them apart.
 *
 * <p>Messages of {@link IllegalArgumentException}s and {@link CommandRejectedException}s reach the
 * client: they must name the bad value, not internals. Nothing else's does.
 *
 * <h2>Idempotency</h2>
 * The endpoint itself keeps nothing: a command sent twice is booked once because the application hands
 * {@link CommandRequest#commandId()} to {@link dev.eventstore.aggregate.CommandHandler} (through
 * {@link EventMetadata#forCommand(String)}), which answers a repeat with the first result.
 *
 * <p>Safe for concurrent requests; give the server an executor to run them in parallel.
 */
public final class CommandEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CommandEndpoint.class);

    /** The body field that carries the command id. */
    public static final String COMMAND_ID_FIELD = "commandId";
    /** The default of {@link Builder#maxBodyBytes}: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** Application code that handles a command. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param request the command
         * @return the answer
         * @throws Exception to answer with a problem, as the {@link CommandEndpoint} describes
         */
        CommandReply handle(CommandRequest request) throws Exception;
    }

    private final Handler handler;
    private final ObjectMapper mapper;
    private final int maxBodyBytes;

    private CommandEndpoint(Builder builder) {
        this.handler = builder.handler;
        this.mapper = builder.mapper != null ? builder.mapper : defaultMapper();
        this.maxBodyBytes = builder.maxBodyBytes;
    }

    /**
     * @param handler handles each command
     * @return an endpoint with the defaults
     * @throws IllegalArgumentException if {@code handler} is null
     */
    public static CommandEndpoint of(Handler handler) {
        return builder(handler).build();
    }

    /**
     * @param handler handles each command
     * @return a builder: a strict mapper with exact decimals and {@code java.time}, bodies of at most 1 MiB
     * @throws IllegalArgumentException if {@code handler} is null
     */
    public static Builder builder(Handler handler) {
        return new Builder(Args.notNull("handler", handler));
    }

    /**
     * Answers one request; see the class description. Called by the HTTP server.
     *
     * @param exchange the request and its response; always answered and closed
     * @throws IOException never; a client that went away is logged at debug level
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            CommandReply reply = run(exchange);
            if (reply == null) {
                return; // answered already
            }
            byte[] body = reply.body() == null ? new byte[0] : mapper.writeValueAsBytes(reply.body());
            Exchanges.send(exchange, reply.status(), "application/json", body);
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away before the answer was sent: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            exchange.close();
        } catch (Exception e) {
            answerFailure(exchange, e);
        }
    }

    /** Checks the request and runs the handler; null if the request was answered with a problem. */
    private CommandReply run(HttpExchange exchange) throws Exception {
        if (!"POST".equals(exchange.getRequestMethod())) {
            Problems.methodNotAllowed(exchange, "POST");
            return null;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!Exchanges.isJson(contentType)) {
            exchange.getResponseHeaders().set("Accept-Post", "application/json");
            Problems.send(exchange, 415, "a command is a JSON object sent as application/json, not "
                    + (contentType == null ? "a body without a Content-Type" : contentType));
            return null;
        }
        byte[] raw;
        try {
            raw = Exchanges.readBody(exchange, maxBodyBytes);
        } catch (Exchanges.BodyTooLargeException e) {
            exchange.getResponseHeaders().set("Connection", "close");
            Problems.send(exchange, 413, "a command's body may have at most " + maxBodyBytes + " bytes");
            return null;
        }
        JsonNode body;
        try {
            body = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            Problems.send(exchange, 400, "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() : ""));
            return null;
        }
        if (body == null || !body.isObject()) {
            Problems.send(exchange, 400, "the body must be a JSON object carrying a " + COMMAND_ID_FIELD);
            return null;
        }
        String commandId = commandId(body.get(COMMAND_ID_FIELD));
        CommandRequest request = new CommandRequest(commandId, segments(exchange), (ObjectNode) body,
                exchange.getRequestHeaders(), mapper);
        CommandReply reply = handler.handle(request);
        if (reply == null) {
            throw new IllegalStateException("the command handler returned null for " + request);
        }
        return reply;
    }

    private static String commandId(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new InvalidFieldException(COMMAND_ID_FIELD, COMMAND_ID_FIELD + " is required: an id the client "
                    + "chooses for this command and sends again with a retry");
        }
        String text = value.isTextual() ? value.asText() : null;
        if (text == null || text.isBlank() || text.length() > EventMetadata.MAX_KEY_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException(COMMAND_ID_FIELD, COMMAND_ID_FIELD + " must be a string of 1 to "
                    + EventMetadata.MAX_KEY_LENGTH + " characters, not blank, without control characters, was: "
                    + abbreviate(value.toString()));
        }
        return text;
    }

    private static List<String> segments(HttpExchange exchange) {
        List<String> segments = new ArrayList<>();
        for (String segment : Exchanges.pathBelowContext(exchange).split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private void answerFailure(HttpExchange exchange, Exception failure) {
        try {
            if (failure instanceof CommandRejectedException rejected) {
                Failures.debug(LOG, exchange, 422, failure);
                Problems.send(exchange, 422, Problems.COMMAND_REJECTED, rejected.reason(), Map.of());
            } else if (failure instanceof CommandIdConflictException conflict) {
                Failures.debug(LOG, exchange, 409, failure);
                Problems.send(exchange, 409, Problems.COMMAND_ID_CONFLICT, conflict.getMessage(),
                        Map.of(COMMAND_ID_FIELD, conflict.commandId()));
            } else if (failure instanceof WrongExpectedVersionException
                    || failure instanceof ConcurrencyConflictException
                    || failure instanceof AppendConditionFailedException) {
                Failures.debug(LOG, exchange, 409, failure);
                Problems.send(exchange, 409, Problems.CONCURRENCY_CONFLICT, "concurrent changes kept conflicting "
                        + "with this command; send it again with the same " + COMMAND_ID_FIELD, Map.of());
            } else {
                Failures.answer(exchange, failure, LOG, "the command could not be handled");
            }
        } catch (IOException | RuntimeException e) {
            Failures.unsent(LOG, exchange, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static ObjectMapper defaultMapper() {
        ObjectMapper mapper = Jsons.web();
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        return mapper;
    }

    /** Builds a {@link CommandEndpoint}; each setter checks its value at once. */
    public static final class Builder {
        private final Handler handler;
        private ObjectMapper mapper;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder(Handler handler) {
            this.handler = handler;
        }

        /**
         * @param mapper reads bodies ({@link CommandRequest#bodyAs}) and writes replies; used as given.
         *     By default a mapper with the modules on the class path, exact decimals, and strict binding
         *     (unknown fields, missing creator properties and null primitives are refused).
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Args.notNull("mapper", mapper);
            return this;
        }

        /**
         * @param maxBodyBytes the largest body taken; a larger one is answered 413
         * @return this builder
         * @throws IllegalArgumentException if below 2 (the smallest JSON object)
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 2) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 2, was: " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** @return the endpoint */
        public CommandEndpoint build() {
            return new CommandEndpoint(this);
        }
    }
}
