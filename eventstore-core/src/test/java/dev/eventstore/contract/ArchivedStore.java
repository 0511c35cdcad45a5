package dev.eventstore.contract;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventImporter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.archive.ArchiveSummary;
import dev.eventstore.archive.EventArchive;
import dev.eventstore.spi.AbstractEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A store whose every read is served by a copy made by export and import: appends go to a source
 * store; before a read, if the source changed, its whole log is exported to an archive file and
 * imported into a fresh, empty store of the backend under test, which answers the read. A backend whose
 * read contracts pass through this store keeps every field of every event through an archive.
 */
public final class ArchivedStore extends AbstractEventStore {

    private final EventStore source;
    private final Supplier<? extends EventStore> replicas;
    private final Path directory;
    private EventStore replica;
    private long copiedHead = -1;
    private int copies;

    /**
     * @param source where appends go
     * @param replicas makes a fresh, empty store that is an {@link EventImporter}, for each copy
     * @param directory where the archive files go
     */
    public ArchivedStore(EventStore source, Supplier<? extends EventStore> replicas, Path directory) {
        this.source = source;
        this.replicas = replicas;
        this.directory = directory;
    }

    /** @return the store the last read was served by, made by export and import */
    private synchronized EventStore replica() {
        long head = source.headPosition();
        if (head == copiedHead && replica != null) {
            return replica;
        }
        EventStore fresh = replicas.get();
        try {
            Path file = directory.resolve("log-" + (++copies) + ".jsonl.gz");
            ArchiveSummary exported = EventArchive.export(source, EventFilter.all(), 0, Long.MAX_VALUE, file);
            ArchiveSummary imported = EventArchive.importInto((EventImporter) fresh, file);
            if (!exported.equals(imported)) {
                throw new IllegalStateException("exported " + exported + " but imported " + imported);
            }
        } catch (IOException e) {
            fresh.close();
            throw new UncheckedIOException(e);
        }
        if (replica != null) {
            replica.close();
        }
        replica = fresh;
        copiedHead = head;
        return replica;
    }

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        return condition == null ? source.append(streamId, expectedVersion, events)
                : source.append(streamId, expectedVersion, events, condition);
    }

    private static List<RecordedEvent> list(Stream<RecordedEvent> events) {
        try (events) {
            return events.toList();
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return list(replica().readStream(streamId, fromVersion, limit, direction));
    }

    @Override
    protected List<RecordedEvent> doReadAll(long afterPosition, int limit) {
        return list(replica().readAll(afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit) {
        return list(replica().readCategory(category, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit) {
        return list(replica().read(EventFilter.stream(streamId), afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit) {
        return list(replica().read(query, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit) {
        return list(replica().readBackward(query, beforePosition, limit));
    }

    @Override
    protected Optional<RecordedEvent> doReadEvent(UUID eventId) {
        return replica().readEvent(eventId);
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return replica().streamVersion(streamId);
    }

    @Override
    protected long doHeadPosition() {
        return replica().headPosition();
    }

    @Override
    protected void doClose() {
        source.close();
        if (replica != null) {
            replica.close();
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // temporary files; the test's directory goes anyway
        }
    }
}
