package dev.eventstore.aggregate;

import dev.eventstore.EventStoreException;
import dev.eventstore.internal.Args;

/**
 * A command id was used again for something else: on another stream, or with a different command.
 * A command id is an idempotency key: the same command sent again with its id is recognised and
 * answered with its first result, and every other reuse of the id is refused with this exception.
 * Nothing is appended. The message names the id, the stream the id was first used on, and what
 * differs.
 */
public class CommandIdConflictException extends EventStoreException {

    /** The command id used again. */
    private final String commandId;
    /** The stream of the command that was refused. */
    private final String streamId;

    /**
     * @param commandId the command id used again
     * @param streamId the stream of the command that was refused
     * @param detail what differs from the command first handled under this id
     * @throws IllegalArgumentException if an argument is null
     */
    public CommandIdConflictException(String commandId, String streamId, String detail) {
        super("Command id '" + Args.notNull("commandId", commandId) + "' cannot be used for this command on stream '"
                + Args.notNull("streamId", streamId) + "': " + Args.notNull("detail", detail));
        this.commandId = commandId;
        this.streamId = streamId;
    }

    /** @return the command id used again */
    public String commandId() {
        return commandId;
    }

    /** @return the stream of the command that was refused */
    public String streamId() {
        return streamId;
    }
}
