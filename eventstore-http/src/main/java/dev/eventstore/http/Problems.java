package dev.eventstore.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Writes RFC 9457 problem details: a JSON object of media type {@value #MEDIA_TYPE} with
 * {@code type}, {@code title}, {@code status} and {@code detail}, and members of its own, such as the
 * {@code field} or {@code parameter} a 400 is about.
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Bad Request","status":400,
 *  "detail":"quantity must be at least 1, was: 0","field":"quantity"}
 * }</pre>
 *
 * <p>A problem whose status says all there is to say has the type {@value #ABOUT_BLANK} and the status's
 * reason phrase as its title. The outcomes a client must tell apart beyond the status have types of
 * their own: {@link #COMMAND_REJECTED}, {@link #COMMAND_ID_CONFLICT} and {@link #CONCURRENCY_CONFLICT}.
 *
 * <p>Every method sends the response and closes the exchange. The detail is shown to the client: it
 * must say what was wrong with the request, never carry a stack trace or internals.
 */
public final class Problems {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The type of a problem that says no more than its status. */
    public static final String ABOUT_BLANK = "about:blank";
    /** The type of a 422: the command was understood, and refused by a business rule. */
    public static final String COMMAND_REJECTED = "urn:eventstore:problem:command-rejected";
    /** The type of a 409: the command id was used before for another command or another resource. */
    public static final String COMMAND_ID_CONFLICT = "urn:eventstore:problem:command-id-conflict";
    /**
     * The type of a 409: concurrent writers kept changing the resource; sending the same command
     * again, with the same command id, is safe.
     */
    public static final String CONCURRENCY_CONFLICT = "urn:eventstore:problem:concurrency-conflict";

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /**
     * Sends a problem of type {@value #ABOUT_BLANK}.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param status the HTTP status, 400 to 599
     * @param detail what went wrong with this request, in words its sender may read
     * @throws IOException if the response cannot be written (the client went away)
     * @throws IllegalArgumentException if an argument is null or the status out of range
     */
    public static void send(HttpExchange exchange, int status, String detail) throws IOException {
        send(exchange, status, ABOUT_BLANK, detail, Map.of());
    }

    /**
     * Sends a problem.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param status the HTTP status, 400 to 599
     * @param type the problem's type, a URI; {@value #ABOUT_BLANK} when the status says it all
     * @param detail what went wrong with this request, in words its sender may read
     * @param members further members (extension members in RFC 9457's words), written with Jackson;
     *     none may be named like a standard member
     * @throws IOException if the response cannot be written (the client went away)
     * @throws IllegalArgumentException if an argument is null, the status out of range, or a member
     *     named like a standard member
     */
    public static void send(HttpExchange exchange, int status, String type, String detail, Map<String, ?> members)
            throws IOException {
        notNull("exchange", exchange);
        notNull("type", type);
        notNull("detail", detail);
        notNull("members", members);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status must be between 400 and 599, was: " + status);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (STANDARD_MEMBERS.contains(member.getKey())) {
                throw new IllegalArgumentException("a member may not be named like a standard member, was: "
                        + member.getKey());
            }
            body.set(member.getKey(), JSON.valueToTree(member.getValue()));
        }
        Exchanges.send(exchange, status, MEDIA_TYPE, JSON.writeValueAsBytes(body));
    }

    /**
     * Sends a 400 about a field of the request's JSON body, named in the member {@code field}.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param field the field, as a JSON pointer without its leading slash for nested ones
     *     ({@code quantity}, {@code lines/0/sku})
     * @param detail what is wrong with it, naming the bad value
     * @throws IOException if the response cannot be written
     * @throws IllegalArgumentException if an argument is null
     */
    public static void invalidField(HttpExchange exchange, String field, String detail) throws IOException {
        send(exchange, 400, ABOUT_BLANK, detail, Map.of("field", notNull("field", field)));
    }

    /**
     * Sends a 400 about a query parameter, named in the member {@code parameter}.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param parameter the parameter
     * @param detail what is wrong with it, naming the bad value
     * @throws IOException if the response cannot be written
     * @throws IllegalArgumentException if an argument is null
     */
    public static void invalidParameter(HttpExchange exchange, String parameter, String detail) throws IOException {
        send(exchange, 400, ABOUT_BLANK, detail, Map.of("parameter", notNull("parameter", parameter)));
    }

    /**
     * Sends a 404.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param detail which resource is unknown
     * @throws IOException if the response cannot be written
     * @throws IllegalArgumentException if an argument is null
     */
    public static void notFound(HttpExchange exchange, String detail) throws IOException {
        send(exchange, 404, detail);
    }

    /**
     * Sends a 405 with the {@code Allow} header.
     *
     * @param exchange the exchange to answer; closed afterwards
     * @param allowed the methods the resource takes, at least one
     * @throws IOException if the response cannot be written
     * @throws IllegalArgumentException if an argument is null or no method is given
     */
    public static void methodNotAllowed(HttpExchange exchange, String... allowed) throws IOException {
        notNull("allowed", allowed);
        if (allowed.length == 0) {
            throw new IllegalArgumentException("name at least one allowed method");
        }
        String allow = String.join(", ", allowed);
        exchange.getResponseHeaders().set("Allow", allow);
        send(exchange, 405, "the method " + exchange.getRequestMethod() + " is not allowed here; use " + allow);
    }

    /**
     * @param status an HTTP status
     * @return its reason phrase ({@code Unprocessable Content} for 422), or {@code HTTP <status>} for a
     *     status this class does not know
     */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    private static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
