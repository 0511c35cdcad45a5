package dev.eventstore.memory;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.internal.Args;
import dev.eventstore.spi.AbstractEventStore;
import dev.eventstore.spi.Idempotency;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An event store in the heap of this JVM: the reference semantics of every promise of
 * {@link dev.eventstore.EventStore}, with nothing to set up and nothing kept after the process ends.
 *
 * <p>Appends are serialized by one write lock, so positions are dense (1, 2, 3, ...) and every
 * event is visible to readers as soon as its append returns; reads share a read lock and do not
 * block each other. Indexes by stream, category, type and tag keep reads of part of the log
 * proportional to the part, not to the log.
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore()) {
 *     store.append("account-42", ExpectedVersion.noStream(), List.of(EventData.of("AccountOpened", "{}")));
 * }
 * }</pre>
 */
public final class InMemoryEventStore extends AbstractEventStore {

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    // All guarded by lock. Every list is in ascending position and holds the same event objects.
    private final List<RecordedEvent> log = new ArrayList<>();
    private final Map<String, StreamLog> streams = new HashMap<>();
    private final Map<String, List<RecordedEvent>> categories = new HashMap<>();
    private final Map<String, List<RecordedEvent>> types = new HashMap<>();
    private final Map<String, List<RecordedEvent>> tags = new HashMap<>();
    private final Map<java.util.UUID, RecordedEvent> byId = new HashMap<>();

    /**
     * A stream's events, and the list of its category, found once when the stream is created. Its
     * events share its id string rather than each keeping the caller's copy.
     */
    private static final class StreamLog {
        final String id;
        final List<RecordedEvent> events = new ArrayList<>(4);
        final List<RecordedEvent> category;

        StreamLog(String id, List<RecordedEvent> category) {
            this.id = id;
            this.category = category;
        }
    }

    /** A store whose events are stamped by the system clock (UTC). */
    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock stamps {@link RecordedEvent#recordedAt()}; a fixed or offset clock lets tests control
     *     time
     * @throws IllegalArgumentException if {@code clock} is null
     */
    public InMemoryEventStore(Clock clock) {
        this.clock = Args.notNull("clock", clock);
    }

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        lock.writeLock().lock();
        try {
            if (anyRecorded(events)) {
                Optional<AppendResult> retry = Idempotency.check(streamId, expectedVersion, events, recorded(events));
                if (retry.isPresent()) {
                    return retry.get();
                }
            }
            StreamLog stream = streams.get(streamId);
            long version = stream == null ? 0 : stream.events.size();
            if (!expectedVersion.accepts(version)) {
                throw new WrongExpectedVersionException(streamId, expectedVersion, version);
            }
            if (condition != null) {
                long conflict = firstMatchAfter(condition.query(), condition.after());
                if (conflict > 0) {
                    throw new AppendConditionFailedException(streamId, condition, conflict);
                }
            }
            if (stream == null) {
                stream = new StreamLog(streamId,
                        categories.computeIfAbsent(StreamIds.category(streamId), c -> new ArrayList<>()));
                streams.put(streamId, stream);
            }
            // One time for the whole append, as on the database stores.
            Instant recordedAt = clock.instant();
            RecordedEvent last = null;
            for (EventData event : events) {
                last = new RecordedEvent(event.id(), stream.id, ++version, log.size() + 1L, event.type(), event.data(),
                        event.metadata(), event.tags(), recordedAt);
                log.add(last);
                stream.events.add(last);
                stream.category.add(last);
                types.computeIfAbsent(last.type(), t -> new ArrayList<>()).add(last);
                for (String tag : last.tags()) {
                    tags.computeIfAbsent(tag, t -> new ArrayList<>()).add(last);
                }
                byId.put(last.id(), last);
            }
            return new AppendResult(last.version(), last.position());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        lock.readLock().lock();
        try {
            List<RecordedEvent> stream = eventsOf(streamId);
            List<RecordedEvent> page = new ArrayList<>(Math.min(limit, stream.size()));
            if (direction == Direction.FORWARD) {
                for (long v = fromVersion; v <= stream.size() && page.size() < limit; v++) {
                    page.add(stream.get((int) (v - 1)));
                }
            } else {
                for (long v = Math.min(fromVersion, stream.size()); v >= 1 && page.size() < limit; v--) {
                    page.add(stream.get((int) (v - 1)));
                }
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected List<RecordedEvent> doRead(EventFilter filter, long afterPosition, int limit) {
        lock.readLock().lock();
        try {
            if (filter instanceof EventFilter.OfCategory category) {
                return after(categories.getOrDefault(category.category(), List.of()), afterPosition, limit);
            }
            if (filter instanceof EventFilter.OfStream stream) {
                return after(eventsOf(stream.streamId()), afterPosition, limit);
            }
            if (filter instanceof EventFilter.Matching matching && !matching.query().matchesAll()) {
                return matching(matching.query(), afterPosition, limit);
            }
            return after(log, afterPosition, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected long doStreamVersion(String streamId) {
        lock.readLock().lock();
        try {
            return eventsOf(streamId).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    protected long doHeadPosition() {
        lock.readLock().lock();
        try {
            return log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<RecordedEvent> eventsOf(String streamId) {
        StreamLog stream = streams.get(streamId);
        return stream == null ? List.of() : stream.events;
    }

    private boolean anyRecorded(List<EventData> events) {
        for (EventData event : events) {
            if (byId.containsKey(event.id())) {
                return true;
            }
        }
        return false;
    }

    private List<RecordedEvent> recorded(List<EventData> events) {
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        for (EventData event : events) {
            recorded.add(byId.get(event.id()));
        }
        return recorded;
    }

    /** The events of one query item's smallest index: every event matching the item is in it. */
    private List<RecordedEvent> candidates(QueryItem item) {
        if (!item.tags().isEmpty()) {
            List<RecordedEvent> smallest = null;
            for (String tag : item.tags()) {
                List<RecordedEvent> tagged = tags.getOrDefault(tag, List.of());
                if (smallest == null || tagged.size() < smallest.size()) {
                    smallest = tagged;
                }
            }
            return smallest;
        }
        if (item.types().size() == 1) {
            return types.getOrDefault(item.types().iterator().next(), List.of());
        }
        return log;
    }

    private long firstMatchAfter(Query query, long after) {
        long first = 0;
        for (QueryItem item : query.items()) {
            List<RecordedEvent> candidates = candidates(item);
            for (int i = firstIndexAfter(candidates, after); i < candidates.size(); i++) {
                RecordedEvent event = candidates.get(i);
                if (item.matches(event.type(), event.tags())) {
                    if (first == 0 || event.position() < first) {
                        first = event.position();
                    }
                    break;
                }
            }
        }
        return first;
    }

    private List<RecordedEvent> matching(Query query, long afterPosition, int limit) {
        // Each item yields its first matches in position order; merging them keeps the order.
        TreeMap<Long, RecordedEvent> merged = new TreeMap<>();
        for (QueryItem item : query.items()) {
            List<RecordedEvent> candidates = candidates(item);
            int taken = 0;
            for (int i = firstIndexAfter(candidates, afterPosition); i < candidates.size() && taken < limit; i++) {
                RecordedEvent event = candidates.get(i);
                if (item.matches(event.type(), event.tags())) {
                    merged.put(event.position(), event);
                    taken++;
                }
            }
        }
        List<RecordedEvent> page = new ArrayList<>(Math.min(limit, merged.size()));
        for (RecordedEvent event : merged.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(event);
        }
        return page;
    }

    private static List<RecordedEvent> after(List<RecordedEvent> events, long afterPosition, int limit) {
        int from = firstIndexAfter(events, afterPosition);
        int to = (int) Math.min(events.size(), (long) from + limit);
        return from >= to ? List.of() : new ArrayList<>(events.subList(from, to));
    }

    /** @return the index of the first event above {@code position} in a list ascending by position */
    private static int firstIndexAfter(List<RecordedEvent> events, long position) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (events.get(middle).position() <= position) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
