package dev.eventstore.http;

/**
 * A successful answer to a command: a 2xx status and a body that {@link CommandEndpoint} writes as JSON
 * with its mapper.
 *
 * @param status the HTTP status, 200 to 299
 * @param body what to write as JSON (a record, a map, a Jackson node); null only for 204
 */
public record CommandReply(int status, Object body) {

    /**
     * @param status the HTTP status, 200 to 299
     * @param body what to write as JSON; null only for 204
     * @throws IllegalArgumentException if the status is not 2xx, or the body is null for a status other
     *     than 204 or present for 204
     */
    public CommandReply {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a command reply's status must be between 200 and 299, was: " + status);
        }
        if ((body == null) != (status == 204)) {
            throw new IllegalArgumentException("a command reply has a body unless its status is 204; status " + status
                    + (body == null ? " without a body" : " with a body"));
        }
    }

    /**
     * @param body the body
     * @return a 200 reply
     * @throws IllegalArgumentException if {@code body} is null
     */
    public static CommandReply ok(Object body) {
        return new CommandReply(200, body);
    }

    /**
     * @param body the body, typically naming what was created
     * @return a 201 reply
     * @throws IllegalArgumentException if {@code body} is null
     */
    public static CommandReply created(Object body) {
        return new CommandReply(201, body);
    }

    /**
     * @param body the body, typically where to look for the outcome
     * @return a 202 reply: the command is taken, its outcome will follow
     * @throws IllegalArgumentException if {@code body} is null
     */
    public static CommandReply accepted(Object body) {
        return new CommandReply(202, body);
    }

    /** @return a 204 reply, without a body */
    public static CommandReply noContent() {
        return new CommandReply(204, null);
    }
}
