package dev.eventstore.http;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GET request answered by a {@link QueryEndpoint}: the path below the endpoint, the values of the
 * route's {@code {names}}, and the query parameters, with getters that check them. A getter that finds
 * a bad parameter throws an {@link InvalidParameterException} naming it and its value, which the
 * endpoint answers with a 400 problem whose member {@code parameter} names it.
 *
 * <pre>{@code
 * // GET /orders/42/lines?limit=10&withPrices=true, routed by .get("{orderId}/lines", ...)
 * String orderId = query.path("orderId");                       // "42"
 * int limit = query.intParameter("limit", 100, 1, 1000);        // 10; 100 when absent
 * boolean withPrices = query.booleanParameter("withPrices", false);
 * }</pre>
 */
public final class QueryRequest {

    private final String route;
    private final List<String> path;
    private final Map<String, String> pathValues;
    private final Map<String, List<String>> parameters;
    private final Headers headers;

    QueryRequest(String route, List<String> path, Map<String, String> pathValues, Map<String, List<String>> parameters,
            Headers headers) {
        this.route = route;
        this.path = List.copyOf(path);
        this.pathValues = Map.copyOf(pathValues);
        this.parameters = Map.copyOf(parameters);
        this.headers = headers;
    }

    /**
     * @return the percent-decoded segments of the request's path below the endpoint's own, without empty
     *     ones: {@code ["42", "lines"]} for {@code GET /orders/42/lines} to an endpoint at {@code /orders}
     */
    public List<String> path() {
        return path;
    }

    /**
     * @param name a name in braces in the route that matched, such as {@code orderId} of
     *     {@code {orderId}/lines}
     * @return the segment it matched, percent-decoded; never empty
     * @throws IllegalStateException if the route has no such name: a mistake of the application, answered
     *     with a 500
     */
    public String path(String name) {
        String value = pathValues.get(Args.notNull("name", name));
        if (value == null) {
            throw new IllegalStateException("the route '" + route + "' has no {" + name + "}; it has "
                    + pathValues.keySet());
        }
        return value;
    }

    /** @return every query parameter, percent-decoded, with its values in the order given */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /**
     * @param name a query parameter
     * @return its value, percent-decoded (empty text for {@code ?name} or {@code ?name=}); empty if absent
     * @throws InvalidParameterException if it is given more than once
     */
    public Optional<String> parameter(String name) {
        List<String> values = parameters.get(Args.notNull("name", name));
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(name, name + " must be given once, was given " + values.size()
                    + " times: " + values);
        }
        return Optional.of(values.get(0));
    }

    /**
     * @param name a query parameter
     * @param defaultValue the value when it is absent; need not lie within the bounds
     * @param min the least value taken
     * @param max the greatest value taken
     * @return its value, a whole number (an optional {@code -} and decimal digits) from {@code min} to
     *     {@code max}
     * @throws InvalidParameterException if it is given more than once, is not such a number, or lies
     *     outside the bounds: the message names the parameter, the bounds and the value
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public int intParameter(String name, int defaultValue, int min, int max) {
        return (int) longParameter(name, defaultValue, min, max);
    }

    /**
     * @param name a query parameter
     * @param defaultValue the value when it is absent; need not lie within the bounds
     * @param min the least value taken
     * @param max the greatest value taken
     * @return its value, a whole number (an optional {@code -} and decimal digits) from {@code min} to
     *     {@code max}
     * @throws InvalidParameterException if it is given more than once, is not such a number, or lies
     *     outside the bounds: the message names the parameter, the bounds and the value
     * @throws IllegalArgumentException if {@code min} is above {@code max}
     */
    public long longParameter(String name, long defaultValue, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min must not be above max, was: " + min + " > " + max);
        }
        Optional<String> text = parameter(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String value = text.get();
        long number;
        try {
            if (!value.matches("-?[0-9]{1,19}")) {
                throw new NumberFormatException(value);
            }
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, name + " must be a whole number from " + min + " to " + max
                    + ", was: \"" + value + "\"");
        }
        if (number < min || number > max) {
            throw new InvalidParameterException(name, name + " must be a whole number from " + min + " to " + max
                    + ", was: " + value);
        }
        return number;
    }

    /**
     * @param name a query parameter
     * @param defaultValue the value when it is absent
     * @return its value: {@code true} or {@code false}, in any case
     * @throws InvalidParameterException if it is given more than once or is neither
     */
    public boolean booleanParameter(String name, boolean defaultValue) {
        Optional<String> text = parameter(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidParameterException(name, name + " must be true or false, was: \"" + text.get() + "\"");
        }
    }

    /**
     * @param name a request header
     * @return its first value; empty if absent
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(Args.notNull("name", name)));
    }

    @Override
    public String toString() {
        return "QueryRequest[" + route + ", path " + path + ", parameters " + parameters + "]";
    }
}
