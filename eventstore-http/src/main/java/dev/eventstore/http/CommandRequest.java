package dev.eventstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Optional;

/**
 * A command POSTed to a {@link CommandEndpoint}: its command id, the path below the endpoint, and its
 * JSON body. Made by the endpoint, which has checked the method, the media type, that the body is a JSON
 * object and that it carries a valid {@code commandId}.
 */
public final class CommandRequest {

    private final String commandId;
    private final List<String> path;
    private final ObjectNode body;
    private final Headers headers;
    private final ObjectMapper mapper;

    CommandRequest(String commandId, List<String> path, ObjectNode body, Headers headers, ObjectMapper mapper) {
        this.commandId = commandId;
        this.path = List.copyOf(path);
        this.body = body;
        this.headers = headers;
        this.mapper = mapper;
    }

    /**
     * @return the body's {@code commandId}: 1 to 200 characters, not blank, no control characters. Hand
     *     it to {@link dev.eventstore.typed.EventMetadata#forCommand(String)} so that a command sent again
     *     books nothing twice.
     */
    public String commandId() {
        return commandId;
    }

    /**
     * @return the decoded segments of the request's path below the endpoint's own, without empty ones:
     *     {@code ["42", "cancel"]} for {@code POST /orders/42/cancel} to an endpoint at {@code /orders}
     */
    public List<String> path() {
        return path;
    }

    /** @return the whole JSON body, {@code commandId} included; the request's own copy */
    public ObjectNode body() {
        return body;
    }

    /**
     * Binds the body, without its {@code commandId}, to a type with the endpoint's mapper (by default
     * strict: an unknown field, a missing creator property or a null primitive is refused).
     *
     * @param type the command's type, typically a record
     * @param <T> the command's type
     * @return the command
     * @throws InvalidFieldException if a field is unknown, missing or of the wrong kind, the type's
     *     constructor refused a nested value, or threw an {@code InvalidFieldException} itself: the
     *     endpoint answers 400 naming the field
     * @throws IllegalArgumentException if the type's constructor refused the body as a whole (its message
     *     is the detail of the 400), or {@code type} is null
     */
    public <T> T bodyAs(Class<T> type) {
        Args.notNull("type", type);
        ObjectNode command = body.deepCopy();
        command.remove(CommandEndpoint.COMMAND_ID_FIELD);
        try {
            return mapper.treeToValue(command, type);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IllegalArgumentException e) {
            // Jackson wraps binding failures in IllegalArgumentException for tree conversions.
            if (e.getCause() instanceof JsonProcessingException cause) {
                throw invalid(cause);
            }
            throw e;
        }
    }

    /**
     * @param field a top-level field of the body
     * @return its text
     * @throws InvalidFieldException if the field is missing, not a string, or blank
     */
    public String text(String field) {
        JsonNode value = body.get(Args.notNull("field", field));
        if (value == null || value.isNull()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidFieldException(field, field + " must be a non-blank string, was: " + value);
        }
        return value.asText();
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
        return "CommandRequest[" + commandId + ", path " + path + "]";
    }

    private static IllegalArgumentException invalid(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? pointer(mapping.getPath()) : "";
        if (e.getCause() instanceof InvalidFieldException refused) {
            // A constructor named the field it refused: keep its name, below the path to the object.
            return field.isEmpty() ? refused : new InvalidFieldException(field + "/" + refused.field(),
                    refused.getMessage());
        }
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field \"" + unknown.getPropertyName() + "\"";
        } else if (e instanceof ValueInstantiationException && e.getCause() != null
                && e.getCause().getMessage() != null) {
            message = e.getCause().getMessage();
        } else {
            message = (field.isEmpty() ? "the body" : field) + " does not fit: " + e.getOriginalMessage();
        }
        return field.isEmpty() ? new IllegalArgumentException(message, e) : new InvalidFieldException(field, message);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (pointer.length() > 0) {
                pointer.append('/');
            }
            pointer.append(reference.getFieldName() != null ? reference.getFieldName()
                    : Integer.toString(reference.getIndex()));
        }
        return pointer.toString();
    }
}
