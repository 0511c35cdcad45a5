package dev.eventstore.http;

import dev.eventstore.EventStoreException;
import java.net.URI;

/**
 * A command could not be handed to another service: it did not answer (after the retries of its
 * {@link CommandClient}), or answered with an error that sending the command again would meet again.
 * A {@link dev.eventstore.reactor.Reactor} whose reaction throws it backs off and reacts again; the
 * command carries the same id every time, so the other service books it once.
 */
public class CommandSendException extends EventStoreException {

    /** The name of the service the command was for. */
    private final String service;
    /** Where it was sent. */
    private final URI uri;
    /** The command's id. */
    private final String commandId;
    /** The HTTP status of the answer; 0 if there was none. */
    private final int status;

    /**
     * @param service the name of the service the command was for
     * @param uri where it was sent
     * @param commandId the command's id
     * @param status the HTTP status of the answer; 0 if there was none
     * @param message what went wrong, naming the service, the command and the values involved
     * @param cause the underlying error, or null
     */
    public CommandSendException(String service, URI uri, String commandId, int status, String message,
            Throwable cause) {
        super(message, cause);
        this.service = service;
        this.uri = uri;
        this.commandId = commandId;
        this.status = status;
    }

    /** @return the name of the service the command was for */
    public String service() {
        return service;
    }

    /** @return where the command was sent */
    public URI uri() {
        return uri;
    }

    /** @return the command's id */
    public String commandId() {
        return commandId;
    }

    /** @return the HTTP status of the answer; 0 if the service did not answer */
    public int status() {
        return status;
    }
}
