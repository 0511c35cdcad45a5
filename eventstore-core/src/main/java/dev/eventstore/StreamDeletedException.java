package dev.eventstore;

/**
 * An append (or a delete, or a truncation) named a stream that was hard-deleted with
 * {@link StreamLifecycle#tombstoneStream}: a tombstoned stream can never be written again. Nothing was
 * written. Retrying cannot succeed; write to another stream id.
 */
public class StreamDeletedException extends EventStoreException {

    /** The tombstoned stream. */
    private final String streamId;

    /**
     * @param streamId the tombstoned stream
     */
    public StreamDeletedException(String streamId) {
        super("Stream '" + streamId + "' is tombstoned (hard-deleted): it can never be written again");
        this.streamId = streamId;
    }

    /** @return the tombstoned stream */
    public String streamId() {
        return streamId;
    }
}
