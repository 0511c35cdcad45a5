package dev.eventstore;

import java.util.List;

/**
 * A store that takes events recorded elsewhere as they were recorded: same ids, stream ids, versions,
 * positions, types, data, metadata, tags and times. How an archive ({@link dev.eventstore.archive.EventArchive})
 * is restored. The in-memory store and the JDBC stores implement it.
 *
 * <p>Rules, checked before anything is written (a call that breaks one writes nothing):
 * <ul>
 *   <li>positions strictly ascend in the list, and the first is above the store's head: the log only
 *       grows, so no reader that has seen the head ever meets an imported event below it;</li>
 *   <li>each stream's events continue it without a hole: the first imported event of a stream has
 *       version (the version of its last recorded event + 1; a soft-deleted stream's versions continue
 *       after its delete marker). An archive of a range that starts inside streams is imported after
 *       the archives before it, not into an empty store;</li>
 *   <li>no event is imported into a tombstoned stream;</li>
 *   <li>no event id is recorded already, or appears twice in the list.</li>
 * </ul>
 * An imported delete marker ({@link StreamLifecycle#STREAM_DELETED}) or tombstone
 * ({@link StreamLifecycle#STREAM_TOMBSTONED}) deletes or tombstones its stream in this store too, and
 * drops its snapshots as a delete does, so that an archive never brings a deleted stream back. After an import, appends get positions above
 * every imported one. Subscribers are woken as by an
 * append. Imports are for an offline restore: they are safe beside appends (serialized with them)
 * but an application appending to the same streams at the same time gets conflicts.
 */
public interface EventImporter {

    /**
     * Imports the events in one transaction: all or none.
     *
     * @param events recorded events, in ascending position; may be empty
     * @throws IllegalArgumentException if {@code events} is null or breaks a rule above (an id twice in
     *     the list included); the message names the event
     * @throws DuplicateEventIdException if an event's id is recorded already
     * @throws EventStoreException if the store fails
     */
    void importEvents(List<RecordedEvent> events);
}
