package dev.eventstore;

/**
 * The version a writer expects a stream to be at when it appends: the optimistic-concurrency
 * check of {@link EventWriter#append}.
 *
 * <p>A stream's version is the number of events it holds: 0 for a stream that does not exist,
 * 1 after its first event. Four expectations are possible:
 * <ul>
 *   <li>{@link #any()}: no check at all;</li>
 *   <li>{@link #noStream()}: the stream must not exist yet (version 0);</li>
 *   <li>{@link #streamExists()}: the stream must hold at least one event;</li>
 *   <li>{@link #exactly(long)}: the stream must be at exactly this version. {@code exactly(0)} is
 *       the same expectation as {@code noStream()} and equal to it.</li>
 * </ul>
 * When the expectation does not hold, the append writes nothing and throws
 * {@link WrongExpectedVersionException}. Instances are immutable values.
 */
public final class ExpectedVersion {

    private static final long ANY_CODE = -1;
    private static final long STREAM_EXISTS_CODE = -2;

    private static final ExpectedVersion ANY = new ExpectedVersion(ANY_CODE);
    private static final ExpectedVersion NO_STREAM = new ExpectedVersion(0);
    private static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(STREAM_EXISTS_CODE);

    /** 0 for no stream, a positive exact version, or one of the negative codes above. */
    private final long code;

    private ExpectedVersion(long code) {
        this.code = code;
    }

    /**
     * Appends whatever the stream's version.
     *
     * @return the expectation that always holds
     */
    public static ExpectedVersion any() {
        return ANY;
    }

    /**
     * Appends only if the stream holds no event yet.
     *
     * @return the expectation that the stream is at version 0
     */
    public static ExpectedVersion noStream() {
        return NO_STREAM;
    }

    /**
     * Appends only if the stream holds at least one event, whatever its version.
     *
     * @return the expectation that the stream exists
     */
    public static ExpectedVersion streamExists() {
        return STREAM_EXISTS;
    }

    /**
     * Appends only if the stream is at exactly {@code version}: typically the version of the last
     * event the caller read from it.
     *
     * @param version the expected version; 0 means the stream does not exist yet
     * @return the expectation
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("expected version must be at least 0, was: " + version);
        }
        return version == 0 ? NO_STREAM : new ExpectedVersion(version);
    }

    /** @return true for {@link #any()} */
    public boolean isAny() {
        return code == ANY_CODE;
    }

    /** @return true for {@link #noStream()} (and so for {@code exactly(0)}) */
    public boolean isNoStream() {
        return code == 0;
    }

    /** @return true for {@link #streamExists()} */
    public boolean isStreamExists() {
        return code == STREAM_EXISTS_CODE;
    }

    /**
     * @return true if this expectation names one version: {@link #exactly(long)} or
     *     {@link #noStream()} (version 0)
     */
    public boolean isExact() {
        return code >= 0;
    }

    /**
     * The version this expectation names.
     *
     * @return the exact version, 0 for {@link #noStream()}
     * @throws IllegalStateException for {@link #any()} and {@link #streamExists()}, which name none
     */
    public long version() {
        if (code < 0) {
            throw new IllegalStateException("expected version '" + this + "' names no single version");
        }
        return code;
    }

    /**
     * Whether a stream at {@code actualVersion} satisfies this expectation.
     *
     * @param actualVersion the stream's current version (0 if it does not exist)
     * @return true if an append with this expectation may proceed
     */
    public boolean accepts(long actualVersion) {
        if (code == ANY_CODE) {
            return true;
        }
        if (code == STREAM_EXISTS_CODE) {
            return actualVersion > 0;
        }
        return actualVersion == code;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpectedVersion that && that.code == code;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(code);
    }

    /** @return {@code any}, {@code no stream}, {@code stream exists}, or the exact version */
    @Override
    public String toString() {
        if (code == ANY_CODE) {
            return "any";
        }
        if (code == STREAM_EXISTS_CODE) {
            return "stream exists";
        }
        if (code == 0) {
            return "no stream";
        }
        return Long.toString(code);
    }
}
