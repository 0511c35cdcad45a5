package dev.eventstore.spi;

import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@link dev.eventstore.EventImporter#importEvents}, written once for every store: the
 * store supplies its head and its streams' versions, read in the transaction that then inserts.
 */
public final class Imports {

    private Imports() {
    }

    /** A stream's current version, as the store reads it in the import's transaction. */
    @FunctionalInterface
    public interface StreamVersions {
        /**
         * @param streamId a stream
         * @return its version; 0 if it has no events
         * @throws Exception if the store fails
         */
        long of(String streamId) throws Exception;
    }

    /**
     * Checks a list of events to import.
     *
     * @param events the events
     * @param head the store's head position
     * @param versions the store's stream versions
     * @throws IllegalArgumentException if the list is null, holds null, or breaks a rule of
     *     {@link dev.eventstore.EventImporter}; the message names the event
     * @throws Exception if {@code versions} fails
     */
    public static void check(List<RecordedEvent> events, long head, StreamVersions versions) throws Exception {
        Args.noNulls("events", events);
        long previous = head;
        Map<String, Long> streams = new HashMap<>();
        for (RecordedEvent event : events) {
            if (event.position() <= previous) {
                throw new IllegalArgumentException("cannot import " + event + ": its position is not above "
                        + (previous == head ? "the store's head, " + head : "the previous event's, " + previous)
                        + "; an import only adds to the end of the log");
            }
            previous = event.position();
            Long version = streams.get(event.streamId());
            if (version == null) {
                version = versions.of(event.streamId());
            }
            if (event.version() != version + 1) {
                throw new IllegalArgumentException("cannot import " + event + ": stream '" + event.streamId()
                        + "' is at version " + version + ", so its next event must be version " + (version + 1)
                        + "; import the archives that hold its earlier events first");
            }
            streams.put(event.streamId(), event.version());
        }
    }
}
