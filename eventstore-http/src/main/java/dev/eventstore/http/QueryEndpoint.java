package dev.eventstore.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the GET requests of one context of a JDK HTTP server with JSON: a small router of path
 * templates below the context, each answered by application code that returns what to write, and every
 * failure answered with an RFC 9457 problem ({@link Problems}). The POST requests of the same context
 * may go to a {@link CommandEndpoint}, so that a resource's queries and commands share its path.
 *
 * <pre>{@code
 * server.createContext("/orders", QueryEndpoint.builder()
 *         .get("", query -> orders.all(query.intParameter("limit", 100, 1, 1000)))   // GET /orders?limit=10
 *         .get("{orderId}", query -> orders.find(query.path("orderId")))              // GET /orders/42 (an Optional)
 *         .commands(CommandEndpoint.of(request -> ...))                               // POST /orders/...
 *         .build());
 * }</pre>
 *
 * <h2>Routes</h2>
 * A route is a path below the context, its segments separated by {@code /}; each segment is either
 * literal or a name in braces ({@code {orderId}}), which matches any one segment and is read with
 * {@link QueryRequest#path(String)}. The empty route {@code ""} is the context itself. A request's path is
 * split into segments (empty ones dropped, so {@code /orders/} is {@code /orders}), each percent-decoded,
 * and matched against the routes in the order they were given: the first that matches answers.
 *
 * <h2>Answers</h2>
 * <table>
 *   <caption>What each outcome is answered with</caption>
 *   <tr><th>outcome</th><th>status</th><th>problem</th></tr>
 *   <tr><td>the handler returns a value, or a present {@link Optional}</td><td>200, the value as JSON</td><td></td></tr>
 *   <tr><td>the handler returns an empty {@link Optional}, or no route matches</td><td>404</td><td>naming the path</td></tr>
 *   <tr><td>{@link ResourceNotFoundException}</td><td>404</td><td>its message as the detail</td></tr>
 *   <tr><td>{@link InvalidParameterException} (thrown by {@link QueryRequest}'s getters)</td><td>400</td>
 *       <td>{@code parameter} names the parameter</td></tr>
 *   <tr><td>another {@link IllegalArgumentException}, or a query that is not validly percent-encoded</td>
 *       <td>400</td><td>its message as the detail</td></tr>
 *   <tr><td>a POST, when {@link Builder#commands} was given</td><td>what that handler answers</td><td></td></tr>
 *   <tr><td>another method</td><td>405, with {@code Allow}</td><td></td></tr>
 *   <tr><td>anything else, a handler returning null included</td><td>500</td>
 *       <td>no detail but an {@code errorId}; the error is logged with it</td></tr>
 * </table>
 *
 * <p>The JSON is written with the endpoint's mapper: by default decimals exactly as they are (scale
 * kept, never in exponent notation) and {@code java.time} values as ISO-8601 strings. Answers carry
 * {@code Cache-Control: no-store}: they show state that changes with every event.
 *
 * <p>Messages of {@link IllegalArgumentException}s and {@link ResourceNotFoundException}s reach the
 * client: they must name the bad value, not internals. Nothing else's does. Safe for concurrent requests;
 * give the server an executor ({@link HttpServers#create}) to run them in parallel.
 */
public final class QueryEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryEndpoint.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,49}");

    /** Application code that answers a GET request. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param request the request
         * @return what to answer, written as JSON; an {@link Optional} answers its value, or 404 if empty
         * @throws Exception to answer with a problem, as the {@link QueryEndpoint} describes
         */
        Object answer(QueryRequest request) throws Exception;
    }

    /** One route: its segments, each literal or a name (in braces, given without them). */
    private record Route(String template, List<String> segments, List<Boolean> names, Handler handler) {

        /** The values of the route's names if it matches the path; null if it does not. */
        Map<String, String> match(List<String> path) {
            if (path.size() != segments.size()) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < path.size(); i++) {
                if (names.get(i)) {
                    values.put(segments.get(i), path.get(i));
                } else if (!segments.get(i).equals(path.get(i))) {
                    return null;
                }
            }
            return values;
        }

        /** The route's shape: two routes of one shape match the same paths. */
        String shape() {
            List<String> shape = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                shape.add(names.get(i) ? "{}" : segments.get(i));
            }
            return String.join("/", shape);
        }
    }

    private final List<Route> routes;
    private final HttpHandler commands;
    private final ObjectMapper mapper;
    private final String allow;

    private QueryEndpoint(Builder builder) {
        this.routes = List.copyOf(builder.routes);
        this.commands = builder.commands;
        this.mapper = builder.mapper != null ? builder.mapper : Jsons.web();
        this.allow = commands == null ? "GET" : "GET, POST";
    }

    /**
     * @param handler answers GET requests of the context itself (the route {@code ""})
     * @return an endpoint with that one route and the defaults
     * @throws IllegalArgumentException if {@code handler} is null
     */
    public static QueryEndpoint of(Handler handler) {
        return builder().get("", handler).build();
    }

    /** @return a builder without routes, without commands, with the default mapper */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers one request; see the class description. Called by the HTTP server.
     *
     * @param exchange the request and its response; always answered and closed (by the command handler,
     *     for a POST it takes)
     * @throws IOException only as the command handler throws it; a client that went away is logged at
     *     debug level
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if ("POST".equals(method) && commands != null) {
            commands.handle(exchange);
            return;
        }
        try {
            if (!"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", allow);
                Problems.send(exchange, 405, "the method " + method + " is not allowed here; use " + allow);
                return;
            }
            Object answer = answer(exchange);
            if (answer != null) {
                Exchanges.send(exchange, 200, "application/json", mapper.writeValueAsBytes(answer));
            }
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away before the answer was sent: {}", method, exchange.getRequestURI(),
                    e.toString());
            exchange.close();
        } catch (Exception e) {
            Failures.answer(exchange, e, LOG, "the request could not be answered");
        }
    }

    /** Routes the request and runs its handler; null if the request was answered with a problem. */
    private Object answer(HttpExchange exchange) throws Exception {
        List<String> path = segments(exchange);
        if (path == null) {
            Problems.notFound(exchange, "there is no resource at " + exchange.getRequestURI().getRawPath());
            return null;
        }
        Map<String, List<String>> parameters;
        try {
            parameters = Exchanges.query(exchange);
        } catch (IllegalArgumentException e) {
            Problems.send(exchange, 400, "the query is not validly percent-encoded: "
                    + exchange.getRequestURI().getRawQuery());
            return null;
        }
        for (Route route : routes) {
            Map<String, String> values = route.match(path);
            if (values != null) {
                Object answer = route.handler.answer(new QueryRequest(route.template, path, values, parameters,
                        exchange.getRequestHeaders()));
                if (answer == null) {
                    throw new IllegalStateException("the handler of route '" + route.template + "' returned null for "
                            + exchange.getRequestURI());
                }
                if (answer instanceof Optional<?> optional) {
                    if (optional.isEmpty()) {
                        Problems.notFound(exchange, "there is nothing at " + exchange.getRequestURI().getRawPath());
                        return null;
                    }
                    return optional.get();
                }
                return answer;
            }
        }
        Problems.notFound(exchange, "there is no resource at " + exchange.getRequestURI().getRawPath());
        return null;
    }

    /**
     * The percent-decoded segments of the path below the context, without empty ones; null if the path
     * only begins like the context ({@code /ordersX} for {@code /orders}).
     *
     * @throws IllegalArgumentException if a segment is not validly percent-encoded
     */
    private static List<String> segments(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        String below = path.startsWith(context) ? path.substring(context.length()) : path;
        if (!below.isEmpty() && !below.startsWith("/")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : below.split("/")) {
            if (!segment.isEmpty()) {
                // URLDecoder decodes forms, where '+' is a space; in a path it is itself.
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** Builds a {@link QueryEndpoint}; each setter checks its value at once. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final Set<String> shapes = new HashSet<>();
        private HttpHandler commands;
        private ObjectMapper mapper;

        private Builder() {
        }

        /**
         * Adds a route; see the class description.
         *
         * @param route the path below the context: segments separated by {@code /}, each literal or a
         *     name in braces ({@code {orderId}}: a letter, then letters, digits, {@code -} or
         *     {@code _}, at most 50); {@code ""} for the context itself; a leading or trailing {@code /}
         *     is ignored
         * @param handler answers the requests it matches
         * @return this builder
         * @throws IllegalArgumentException if an argument is null, the route is malformed (an empty
         *     segment, a brace in a literal, a bad or repeated name), or a route given before matches
         *     the same paths
         */
        public Builder get(String route, Handler handler) {
            Args.notNull("route", route);
            Args.notNull("handler", handler);
            String trimmed = route.startsWith("/") ? route.substring(1) : route;
            trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
            List<String> segments = new ArrayList<>();
            List<Boolean> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            if (!trimmed.isEmpty()) {
                for (String segment : trimmed.split("/", -1)) {
                    boolean name = segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2;
                    String text = name ? segment.substring(1, segment.length() - 1) : segment;
                    if (segment.isEmpty() || (name ? !NAME.matcher(text).matches() || !seen.add(text)
                            : segment.contains("{") || segment.contains("}"))) {
                        throw new IllegalArgumentException("route must be segments separated by '/', each literal or "
                                + "a name in braces used once ({orderId}), was: \"" + route + "\"");
                    }
                    segments.add(text);
                    names.add(name);
                }
            }
            Route added = new Route(route, segments, names, handler);
            if (!shapes.add(added.shape())) {
                throw new IllegalArgumentException("route \"" + route + "\" matches the same paths as a route given "
                        + "before");
            }
            routes.add(added);
            return this;
        }

        /**
         * @param commands answers the POST requests of the context, typically a {@link CommandEndpoint};
         *     without it a POST is answered 405
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder commands(HttpHandler commands) {
            this.commands = Args.notNull("commands", commands);
            return this;
        }

        /**
         * @param mapper writes the answers; used as given. By default a mapper with exact decimals and
         *     {@code java.time} values as ISO-8601 strings.
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Args.notNull("mapper", mapper);
            return this;
        }

        /**
         * @return the endpoint
         * @throws IllegalStateException if no route was given
         */
        public QueryEndpoint build() {
            if (routes.isEmpty()) {
                throw new IllegalStateException("a query endpoint needs a route; call get(...)");
            }
            return new QueryEndpoint(this);
        }
    }
}
