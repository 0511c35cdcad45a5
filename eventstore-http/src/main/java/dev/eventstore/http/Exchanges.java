package dev.eventstore.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the handlers of this package share about reading requests and writing responses. */
final class Exchanges {

    private Exchanges() {
    }

    /** Thrown by {@link #readBody} when the body is larger than allowed. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    /**
     * Sends a complete response and closes the exchange. If a response was already begun, only closes
     * it: nothing better can be done for that client.
     */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try {
            if (exchange.getResponseCode() != -1) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /**
     * The query parameters, decoded, in order; a parameter given several times has several values.
     *
     * @throws IllegalArgumentException if the query is not validly encoded
     */
    static Map<String, List<String>> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Reads the whole request body, refusing one over {@code limit} bytes. */
    static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw new BodyTooLargeException(limit);
                }
            } catch (NumberFormatException e) {
                // The server framed the body already; read what arrives and count it.
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > limit) {
                    throw new BodyTooLargeException(limit);
                }
                body.write(buffer, 0, read);
            }
        }
        return body.toByteArray();
    }

    /** The path below the handler's context path: "" for the context itself, else starting with '/'. */
    static String pathBelowContext(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        if (!path.startsWith(context)) {
            return path;
        }
        return path.substring(context.length());
    }

    /**
     * True if the request's media type is JSON: {@code application/json} or a {@code +json} type,
     * with any parameters.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * True on the JDK server's own dispatcher thread: a server without an executor runs every handler
     * there, so a handler that waits there holds up every other request of the server.
     */
    static boolean onDispatcherThread() {
        return Thread.currentThread().getName().startsWith("HTTP-Dispatcher");
    }
}
