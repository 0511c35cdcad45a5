package dev.eventstore.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Checks that payloads are JSON before any backend sees them. */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /**
     * Checks that {@code value} holds exactly one JSON value (object, array, string, number,
     * boolean or null) and nothing after it.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, the parser's complaint and the value
     */
    public static String value(String name, String value) {
        check(name, value, false);
        return value;
    }

    /**
     * Checks that {@code value} holds exactly one JSON object and nothing after it.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code name}, the parser's complaint and the value
     */
    public static String object(String name, String value) {
        check(name, value, true);
        return value;
    }

    private static void check(String name, String value, boolean objectOnly) {
        Args.notNull(name, value);
        try (JsonParser parser = FACTORY.createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException(name + " must be JSON, was empty: " + Args.quote(value));
            }
            if (objectOnly && first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(name + " must be a JSON object, was: " + Args.quote(value));
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(name + " must hold one JSON value, found more after it: "
                        + Args.quote(value));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + " is not valid JSON (" + e.getOriginalMessage() + "): "
                    + Args.quote(value), e);
        } catch (IOException e) {
            // Reading from a String does no I/O; this is unreachable in practice.
            throw new IllegalArgumentException(name + " could not be read as JSON: " + Args.quote(value), e);
        }
    }
}
