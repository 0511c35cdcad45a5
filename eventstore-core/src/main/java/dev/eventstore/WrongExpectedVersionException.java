package dev.eventstore;

/**
 * An append found its stream at another version than the writer expected; nothing was written.
 * The usual answer is to read the stream again, decide again and retry.
 */
public class WrongExpectedVersionException extends EventStoreException {

    /** The stream appended to. */
    private final String streamId;
    /** What the writer expected. */
    private final ExpectedVersion expectedVersion;
    /** The stream's version when the append was refused; 0 if the stream did not exist. */
    private final long actualVersion;

    /**
     * @param streamId the stream appended to
     * @param expectedVersion what the writer expected
     * @param actualVersion the stream's version when the append was refused (0: no stream)
     */
    public WrongExpectedVersionException(String streamId, ExpectedVersion expectedVersion, long actualVersion) {
        super("Wrong expected version for stream '" + streamId + "': expected " + expectedVersion + ", actual "
                + (actualVersion == 0 ? "no stream" : Long.toString(actualVersion)));
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** @return the stream appended to */
    public String streamId() {
        return streamId;
    }

    /** @return what the writer expected */
    public ExpectedVersion expectedVersion() {
        return expectedVersion;
    }

    /** @return the stream's version when the append was refused; 0 if the stream did not exist */
    public long actualVersion() {
        return actualVersion;
    }
}
