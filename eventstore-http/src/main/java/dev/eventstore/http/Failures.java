package dev.eventstore.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;

/** Answers what application code threw, alike for every endpoint of this package. */
final class Failures {

    private Failures() {
    }

    /**
     * Answers a failure with a problem: a bad field or parameter is a 400 naming it, an unknown resource
     * a 404, another {@link IllegalArgumentException} a 400 with its message, anything else a 500 that
     * shows only an error id, under which the failure is logged. Never throws: a problem that cannot be
     * sent (the client went away) is logged at debug level.
     *
     * @param outcome what a 500 says went wrong, such as "the command could not be handled"
     */
    static void answer(HttpExchange exchange, Exception failure, Logger log, String outcome) {
        try {
            if (failure instanceof InvalidFieldException invalid) {
                debug(log, exchange, 400, failure);
                Problems.invalidField(exchange, invalid.field(), invalid.getMessage());
            } else if (failure instanceof InvalidParameterException invalid) {
                debug(log, exchange, 400, failure);
                Problems.invalidParameter(exchange, invalid.parameter(), invalid.getMessage());
            } else if (failure instanceof ResourceNotFoundException) {
                debug(log, exchange, 404, failure);
                Problems.notFound(exchange, failure.getMessage());
            } else if (failure instanceof IllegalArgumentException) {
                debug(log, exchange, 400, failure);
                Problems.send(exchange, 400, failure.getMessage() != null ? failure.getMessage()
                        : "the request is not valid");
            } else {
                String errorId = UUID.randomUUID().toString();
                log.error("{} {} failed (error id {})", exchange.getRequestMethod(), exchange.getRequestURI(), errorId,
                        failure);
                Problems.send(exchange, 500, Problems.ABOUT_BLANK, outcome + "; the error is logged with id "
                        + errorId, Map.of("errorId", errorId));
            }
        } catch (IOException | RuntimeException e) {
            unsent(log, exchange, e);
        }
    }

    /** Logs at debug level how a request was answered with a problem. */
    static void debug(Logger log, HttpExchange exchange, int status, Exception failure) {
        log.debug("{} {} answered {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), status,
                failure.getMessage());
    }

    /** Logs at debug level that a problem could not be sent, and closes the exchange. */
    static void unsent(Logger log, HttpExchange exchange, Exception e) {
        log.debug("{} {}: cannot send the problem: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                e.toString());
        exchange.close();
    }
}
