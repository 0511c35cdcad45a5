package dev.eventstore.spi;

import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.internal.Args;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The checks of {@link dev.eventstore.EventImporter#importEvents}, written once for every store: the
 * store supplies its head and its streams' versions and marks, read in the transaction that then inserts.
 */
public final class Imports {

    private Imports() {
    }

    /** What the store holds of a stream, as it reads it in the import's transaction. */
    public interface Streams {
        /**
         * @param streamId a stream
         * @return the version of its last recorded event, deleted or not (a soft-deleted stream's
         *     delete marker included); 0 if it has no events
         * @throws Exception if the store fails
         */
        long lastVersion(String streamId) throws Exception;

        /**
         * @param streamId a stream
         * @return its lifecycle marks; {@link StreamMarks#NONE} if it has none
         * @throws Exception if the store fails
         */
        StreamMarks marks(String streamId) throws Exception;
    }

    /**
     * Checks a list of events to import, and says which streams' lifecycle marks the import changes: an
     * imported delete marker ({@value StreamLifecycle#STREAM_DELETED}) deletes its stream and an imported
     * tombstone ({@value StreamLifecycle#STREAM_TOMBSTONED}) tombstones it, as they did where they were
     * recorded, so that an archive never brings a deleted stream back.
     *
     * @param events the events
     * @param head the store's head position
     * @param streams the store's streams
     * @return the new marks of the streams whose imported events hold a marker, in the order met; the
     *     store saves them in the import's transaction
     * @throws IllegalArgumentException if the list is null, holds null, or breaks a rule of
     *     {@link dev.eventstore.EventImporter} (an event of a tombstoned stream, an id twice in the list
     *     included); the message names the event
     * @throws Exception if {@code streams} fails
     */
    public static Map<String, StreamMarks> check(List<RecordedEvent> events, long head, Streams streams)
            throws Exception {
        Args.noNulls("events", events);
        long previous = head;
        Map<String, Long> versions = new HashMap<>();
        Map<String, StreamMarks> marks = new HashMap<>();
        Map<String, StreamMarks> changed = new LinkedHashMap<>();
        Set<UUID> ids = new HashSet<>();
        for (RecordedEvent event : events) {
            if (!ids.add(event.id())) {
                throw new IllegalArgumentException("cannot import " + event + ": its id " + event.id()
                        + " appears twice in the import");
            }
            if (event.position() <= previous) {
                throw new IllegalArgumentException("cannot import " + event + ": its position is not above "
                        + (previous == head ? "the store's head, " + head : "the previous event's, " + previous)
                        + "; an import only adds to the end of the log");
            }
            previous = event.position();
            String streamId = event.streamId();
            Long version = versions.get(streamId);
            if (version == null) {
                version = streams.lastVersion(streamId);
            }
            StreamMarks streamMarks = marks.get(streamId);
            if (streamMarks == null) {
                streamMarks = streams.marks(streamId);
            }
            if (streamMarks.tombstoned()) {
                throw new IllegalArgumentException("cannot import " + event + ": stream '" + streamId
                        + "' is tombstoned, so it takes no more events");
            }
            if (event.version() != version + 1) {
                throw new IllegalArgumentException("cannot import " + event + ": stream '" + streamId
                        + "' is at version " + version + ", so its next event must be version " + (version + 1)
                        + "; import the archives that hold its earlier events first");
            }
            versions.put(streamId, event.version());
            if (StreamLifecycle.STREAM_DELETED.equals(event.type())) {
                streamMarks = streamMarks.deletedAt(event.version());
                changed.put(streamId, streamMarks);
            } else if (StreamLifecycle.STREAM_TOMBSTONED.equals(event.type())) {
                streamMarks = streamMarks.tombstonedAt(event.version());
                changed.put(streamId, streamMarks);
            }
            marks.put(streamId, streamMarks);
        }
        return changed;
    }
}
