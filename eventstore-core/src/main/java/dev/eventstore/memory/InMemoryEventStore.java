package dev.eventstore.memory;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.EventImporter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetentionPolicy;
import dev.eventstore.ScavengeResult;
import dev.eventstore.StreamDeletedException;
import dev.eventstore.StreamIds;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.TransactionWork;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.internal.Args;
import dev.eventstore.spi.AbstractEventStore;
import dev.eventstore.spi.Appends;
import dev.eventstore.spi.Imports;
import dev.eventstore.spi.StreamLifecycles;
import dev.eventstore.spi.StreamMarks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * An event store in the heap of this JVM: the reference semantics of every promise of
 * {@link dev.eventstore.EventStore}, with nothing to set up and nothing kept after the process ends.
 *
 * <p>Appends are serialized by one write lock, so positions are dense (1, 2, 3, ...) until a
 * {@link #scavenge} removes events, and every event is visible to readers as soon as its append returns; reads share a read lock and do not
 * block each other. Indexes by stream, category, type and tag keep reads of part of the log
 * proportional to the part, not to the log.
 *
 * <p>Positions follow commit order, so an append's {@link AppendResult#consistentPosition()} is its
 * last position, and a condition never finds an event between its
 * {@link AppendCondition#consistentPosition()} and its {@code after} that was not there when the
 * caller took {@code after}: the check counts only events above {@code after}.
 *
 * <p>A transaction ({@link #inTransaction}, {@link #beginTransaction()}) holds the write lock from
 * its start to its end: other threads' appends and reads wait for it, so keep transactions short. Its
 * appends are undone if it rolls back; its checkpoint, snapshot and deadline writes are applied when
 * it commits.
 *
 * <p>It is a {@link StreamLifecycle}: soft and hard deletes, truncation, and retention applied by
 * {@link #scavenge}, which removes the events from its indexes (it measures no bytes).
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore()) {
 *     store.append("account-42", ExpectedVersion.noStream(), List.of(EventData.of("AccountOpened", "{}")));
 * }
 * }</pre>
 */
public final class InMemoryEventStore extends AbstractEventStore
        implements TransactionalEventStore<EventTransaction>, StreamLifecycle, EventImporter {

    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by {@link #lock}. */
    private final Log log = new Log();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    private final InMemoryDeadlineStore deadlines = new InMemoryDeadlineStore();
    private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
    private final InMemoryParkedEventStore parked = new InMemoryParkedEventStore();
    /** The transaction the current thread runs on this store, if any. */
    private final ThreadLocal<MemoryTransaction> current = new ThreadLocal<>();
    private final Map<String, RetentionPolicy> retention = new ConcurrentHashMap<>();

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

    // ---------------------------------------------------------------- transactions

    @Override
    public <R> R inTransaction(TransactionWork<? super EventTransaction, R> work) {
        Args.notNull("work", work);
        MemoryTransaction transaction = begin(true);
        R result;
        try {
            result = work.apply(transaction);
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        } catch (Exception e) {
            transaction.rollback();
            throw new dev.eventstore.EventStoreException("Could not run a transaction: " + e, e);
        } catch (Error e) {
            transaction.rollback();
            throw e;
        }
        transaction.commitNow();
        return result;
    }

    @Override
    public EventTransaction beginTransaction() {
        return begin(false);
    }

    private MemoryTransaction begin(boolean managed) {
        checkOpen();
        checkNotInTransaction("begin a transaction");
        lock.writeLock().lock();
        MemoryTransaction transaction = new MemoryTransaction(this, managed);
        current.set(transaction);
        return transaction;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Imported events keep their positions, holes included; appends continue above the last.
     */
    @Override
    public void importEvents(List<RecordedEvent> events) {
        checkOpen();
        checkNotInTransaction("import events");
        lock.writeLock().lock();
        try {
            Map<String, StreamMarks> changed = Imports.check(events, log.headPosition(), new Imports.Streams() {
                @Override
                public long lastVersion(String streamId) {
                    return log.lastVersion(streamId);
                }

                @Override
                public StreamMarks marks(String streamId) {
                    return log.marksOf(streamId);
                }
            });
            log.importEvents(events);
            log.marks.putAll(changed);
            // As a delete does: a snapshot of a deleted stream would load state that its reads no longer show.
            changed.keySet().forEach(snapshots::delete);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("in-memory stream versions throw no checked exception", e);
        } finally {
            lock.writeLock().unlock();
        }
        if (!events.isEmpty()) {
            notifyAppended();
        }
    }

    @Override
    public InMemoryCheckpointStore checkpointStore() {
        return checkpoints;
    }

    @Override
    public InMemorySnapshotStore snapshotStore() {
        return snapshots;
    }

    @Override
    public InMemoryDeadlineStore deadlineStore() {
        return deadlines;
    }

    @Override
    public InMemoryParkedEventStore parkedEventStore() {
        return parked;
    }

    @Override
    public InMemoryLeaseStore leaseStore() {
        return leases;
    }

    /** Called by a transaction once it has ended, committed or not. */
    void ended(MemoryTransaction transaction, boolean appended) {
        current.remove();
        lock.writeLock().unlock();
        if (appended) {
            notifyAppended();
        }
    }

    /** The log, for a transaction that holds the write lock. */
    Log log() {
        return log;
    }

    Clock clock() {
        return clock;
    }

    private void checkNotInTransaction(String what) {
        if (current.get() != null) {
            throw new IllegalStateException("Cannot " + what + ": this thread is inside a transaction of this "
                    + "store; use the transaction it was given");
        }
    }

    // ---------------------------------------------------------------- appends and reads

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        checkNotInTransaction("append to stream '" + streamId + "'");
        lock.writeLock().lock();
        try {
            return log.append(streamId, expectedVersion, events, condition, clock.instant()).result();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return underReadLock(() -> log.readStream(streamId, fromVersion, limit, direction));
    }

    @Override
    protected List<RecordedEvent> doReadAll(long afterPosition, int limit) {
        return underReadLock(() -> log.readAll(afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit) {
        return underReadLock(() -> log.readCategory(category, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit) {
        return underReadLock(() -> log.readStreamAfter(streamId, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit) {
        return underReadLock(() -> log.matching(query, afterPosition, limit));
    }

    @Override
    protected List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit) {
        return underReadLock(() -> log.matchingBackward(query, beforePosition, limit));
    }

    @Override
    protected Optional<RecordedEvent> doReadEvent(UUID eventId) {
        return underReadLock(() -> log.readEvent(eventId));
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return underReadLock(() -> log.streamVersion(streamId));
    }

    @Override
    protected long doHeadPosition() {
        return underReadLock(log::headPosition);
    }

    // ---------------------------------------------------------------- stream lifecycle

    @Override
    public AppendResult deleteStream(String streamId, ExpectedVersion expectedVersion) {
        ExpectedVersion expected = StreamLifecycles.checkDelete(streamId, expectedVersion);
        return deleteOrTombstone(streamId, expected, false);
    }

    @Override
    public AppendResult tombstoneStream(String streamId, ExpectedVersion expectedVersion) {
        StreamLifecycles.checkTombstone(streamId, expectedVersion);
        return deleteOrTombstone(streamId, expectedVersion, true);
    }

    private AppendResult deleteOrTombstone(String streamId, ExpectedVersion expectedVersion, boolean tombstone) {
        checkOpen();
        checkNotInTransaction((tombstone ? "tombstone" : "delete") + " stream '" + streamId + "'");
        AppendResult result;
        lock.writeLock().lock();
        try {
            result = log.delete(streamId, expectedVersion, tombstone, clock.instant()).result();
            // A snapshot of the deleted stream would load state that its reads no longer show.
            snapshots.delete(streamId);
        } finally {
            lock.writeLock().unlock();
        }
        notifyAppended();
        return result;
    }

    @Override
    public long truncateStream(String streamId, long beforeVersion, boolean force) {
        StreamIds.validate(streamId);
        checkOpen();
        checkNotInTransaction("truncate stream '" + streamId + "'");
        lock.writeLock().lock();
        try {
            StreamMarks marks = log.marksOf(streamId);
            if (marks.tombstoned()) {
                throw new StreamDeletedException(streamId);
            }
            StreamLifecycles.checkTruncate(snapshots, streamId, beforeVersion, log.lastVersion(streamId), force);
            StreamMarks truncated = marks.truncatedBefore(beforeVersion);
            log.marks.put(streamId, truncated);
            return truncated.visibleFrom();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void setRetention(String category, RetentionPolicy policy) {
        StreamIds.validateCategory(category);
        checkOpen();
        if (policy == null) {
            retention.remove(category);
        } else {
            retention.put(category, policy);
        }
    }

    @Override
    public Optional<RetentionPolicy> retention(String category) {
        StreamIds.validateCategory(category);
        checkOpen();
        return Optional.ofNullable(retention.get(category));
    }

    /** {@inheritDoc} In memory nothing is measured in bytes: both sizes are -1. */
    @Override
    public ScavengeResult scavenge(boolean compact) {
        checkOpen();
        checkNotInTransaction("scavenge");
        long started = System.nanoTime();
        lock.writeLock().lock();
        try {
            log.applyRetention(retention, clock.instant());
            long removed = log.scavenge();
            return new ScavengeResult(removed, -1, -1, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T underReadLock(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The events and their indexes. Not thread-safe: callers hold the store's lock. Every list is in
     * ascending position and holds the same event objects.
     */
    static final class Log {
        final List<RecordedEvent> all = new ArrayList<>();
        final Map<String, StreamLog> streams = new HashMap<>();
        final Map<String, List<RecordedEvent>> categories = new HashMap<>();
        final Map<String, List<RecordedEvent>> types = new HashMap<>();
        final Map<String, List<RecordedEvent>> tags = new HashMap<>();
        final Map<UUID, RecordedEvent> byId = new HashMap<>();
        /** The marks of streams that were deleted, tombstoned or truncated; absent means none. */
        final Map<String, StreamMarks> marks = new HashMap<>();
        /** The highest position handed out; appends take the next. */
        long head;

        /**
         * A stream's events, and the list of its category, found once when the stream is created. Its
         * events share its id string rather than each keeping the caller's copy.
         */
        static final class StreamLog {
            final String id;
            final List<RecordedEvent> events = new ArrayList<>(4);
            final List<RecordedEvent> category;

            StreamLog(String id, List<RecordedEvent> category) {
                this.id = id;
                this.category = category;
            }
        }

        Appends.Outcome append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
                AppendCondition condition, Instant recordedAt) {
            try {
                return Appends.append(steps(recordedAt), streamId, expectedVersion, events, condition);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("in-memory append steps throw no checked exception", e);
            }
        }

        Appends.Outcome delete(String streamId, ExpectedVersion expectedVersion, boolean tombstone,
                Instant recordedAt) {
            try {
                return Appends.delete(steps(recordedAt), streamId, expectedVersion, tombstone);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("in-memory append steps throw no checked exception", e);
            }
        }

        private Appends.Steps steps(Instant recordedAt) {
                return new Appends.Steps() {
                    @Override
                    public List<RecordedEvent> recorded(List<EventData> appended) {
                        return Log.this.recorded(appended);
                    }

                    @Override
                    public long streamVersion(String id) {
                        return lastVersion(id);
                    }

                    @Override
                    public StreamMarks marks(String id) {
                        return marksOf(id);
                    }

                    @Override
                    public void setMarks(String id, StreamMarks streamMarks) {
                        marks.put(id, streamMarks);
                    }

                    @Override
                    public long firstMatchAfter(Query query, long after) {
                        return Log.this.firstMatchAfter(query, after);
                    }

                    @Override
                    public List<RecordedEvent> insert(String id, long version, List<EventData> appended) {
                        // One time for the whole append, as on the database stores.
                        return Log.this.insert(id, version, appended, recordedAt);
                    }
                };
        }

        StreamMarks marksOf(String streamId) {
            return marks.getOrDefault(streamId, StreamMarks.NONE);
        }

        /** @return the version of the stream's last recorded event; 0 if it has none */
        long lastVersion(String streamId) {
            List<RecordedEvent> events = eventsOf(streamId);
            return events.isEmpty() ? 0 : events.get(events.size() - 1).version();
        }

        /** Truncates each stream of a category with a policy past the events the policy expires. */
        void applyRetention(Map<String, RetentionPolicy> policies, Instant now) {
            for (StreamLog stream : streams.values()) {
                RetentionPolicy policy = policies.get(StreamIds.category(stream.id));
                if (policy == null || stream.events.isEmpty()) {
                    continue;
                }
                long last = stream.events.get(stream.events.size() - 1).version();
                long from = 1;
                if (policy.maxCount() > 0) {
                    from = Math.max(from, last - policy.maxCount() + 1);
                }
                Optional<Instant> cutoff = StreamLifecycles.expiredBefore(policy, now);
                if (cutoff.isPresent()) {
                    for (RecordedEvent event : stream.events) {
                        if (event.recordedAt().isBefore(cutoff.get())) {
                            from = Math.max(from, event.version() + 1);
                        } else {
                            break;
                        }
                    }
                }
                if (from > marksOf(stream.id).visibleFrom()) {
                    marks.put(stream.id, marksOf(stream.id).truncatedBefore(from));
                }
            }
        }

        /**
         * Removes every event that stream reads no longer return, except each stream's last one, and
         * rebuilds the indexes without them.
         *
         * @return how many events were removed
         */
        long scavenge() {
            java.util.Set<UUID> removed = new java.util.HashSet<>();
            for (Map.Entry<String, StreamMarks> entry : marks.entrySet()) {
                List<RecordedEvent> events = eventsOf(entry.getKey());
                for (int i = 0; i < events.size() - 1; i++) {
                    if (events.get(i).version() < entry.getValue().visibleFrom()) {
                        removed.add(events.get(i).id());
                    }
                }
            }
            if (removed.isEmpty()) {
                return 0;
            }
            java.util.function.Predicate<RecordedEvent> gone = event -> removed.contains(event.id());
            all.removeIf(gone);
            for (StreamLog stream : streams.values()) {
                stream.events.removeIf(gone);
            }
            for (List<RecordedEvent> events : categories.values()) {
                events.removeIf(gone);
            }
            for (List<RecordedEvent> events : types.values()) {
                events.removeIf(gone);
            }
            for (List<RecordedEvent> events : tags.values()) {
                events.removeIf(gone);
            }
            byId.keySet().removeAll(removed);
            return removed.size();
        }

        private List<RecordedEvent> recorded(List<EventData> events) {
            List<RecordedEvent> recorded = null;
            for (int i = 0; i < events.size(); i++) {
                RecordedEvent found = byId.get(events.get(i).id());
                if (found != null && recorded == null) {
                    recorded = new ArrayList<>(events.size());
                    for (int j = 0; j < i; j++) {
                        recorded.add(null);
                    }
                }
                if (recorded != null) {
                    recorded.add(found);
                }
            }
            return recorded == null ? List.of() : recorded;
        }

        private List<RecordedEvent> insert(String streamId, long version, List<EventData> events,
                Instant recordedAt) {
            StreamLog stream = streams.get(streamId);
            if (stream == null) {
                stream = new StreamLog(streamId,
                        categories.computeIfAbsent(StreamIds.category(streamId), c -> new ArrayList<>()));
                streams.put(streamId, stream);
            }
            List<RecordedEvent> written = new ArrayList<>(events.size());
            for (EventData event : events) {
                RecordedEvent recorded = new RecordedEvent(event.id(), stream.id, ++version, head + 1,
                        event.type(), event.data(), event.metadata(), event.tags(), recordedAt);
                add(stream, recorded);
                written.add(recorded);
            }
            return written;
        }

        private void add(StreamLog stream, RecordedEvent recorded) {
            head = recorded.position();
            all.add(recorded);
            stream.events.add(recorded);
            stream.category.add(recorded);
            types.computeIfAbsent(recorded.type(), t -> new ArrayList<>()).add(recorded);
            for (String tag : recorded.tags()) {
                tags.computeIfAbsent(tag, t -> new ArrayList<>()).add(recorded);
            }
            byId.put(recorded.id(), recorded);
        }

        /** Adds events recorded elsewhere, as they are; the caller checked them ({@link Imports}). */
        void importEvents(List<RecordedEvent> events) {
            for (RecordedEvent event : events) {
                if (byId.containsKey(event.id())) {
                    throw new DuplicateEventIdException(event.id(), "cannot import " + event + ": it is recorded in stream '"
                            + byId.get(event.id()).streamId() + "'");
                }
            }
            for (RecordedEvent event : events) {
                StreamLog stream = streams.get(event.streamId());
                if (stream == null) {
                    stream = new StreamLog(event.streamId(),
                            categories.computeIfAbsent(StreamIds.category(event.streamId()), c -> new ArrayList<>()));
                    streams.put(event.streamId(), stream);
                }
                add(stream, event);
            }
        }

        /**
         * Removes the newest events, last first: how a transaction that rolls back undoes its appends.
         * Every index holds them at its end, because the transaction held the lock since they came.
         */
        void removeNewest(List<RecordedEvent> newest) {
            for (int i = newest.size() - 1; i >= 0; i--) {
                RecordedEvent event = newest.get(i);
                removeLast(all, event);
                StreamLog stream = streams.get(event.streamId());
                removeLast(stream.events, event);
                removeLast(stream.category, event);
                if (stream.events.isEmpty()) {
                    streams.remove(event.streamId());
                }
                removeLast(types.get(event.type()), event);
                for (String tag : event.tags()) {
                    removeLast(tags.get(tag), event);
                }
                byId.remove(event.id());
                head = event.position() - 1;
            }
        }

        private static void removeLast(List<RecordedEvent> events, RecordedEvent expected) {
            RecordedEvent removed = events.remove(events.size() - 1);
            if (removed != expected) {
                throw new IllegalStateException("in-memory log index out of order while undoing " + expected);
            }
        }

        List<RecordedEvent> readStream(String streamId, long fromVersion, int limit, Direction direction) {
            List<RecordedEvent> stream = eventsOf(streamId);
            if (stream.isEmpty()) {
                return List.of();
            }
            // A stream's list holds consecutive versions from its first kept one: a scavenge removes
            // only its first events.
            long first = stream.get(0).version();
            long last = stream.get(stream.size() - 1).version();
            long visibleFrom = Math.max(first, marksOf(streamId).visibleFrom());
            List<RecordedEvent> page = new ArrayList<>(Math.min(limit, stream.size()));
            if (direction == Direction.FORWARD) {
                for (long v = Math.max(fromVersion, visibleFrom); v <= last && page.size() < limit; v++) {
                    page.add(stream.get((int) (v - first)));
                }
            } else {
                for (long v = Math.min(fromVersion, last); v >= visibleFrom && page.size() < limit; v--) {
                    page.add(stream.get((int) (v - first)));
                }
            }
            return page;
        }

        List<RecordedEvent> readAll(long afterPosition, int limit) {
            return after(all, afterPosition, limit);
        }

        List<RecordedEvent> readCategory(String category, long afterPosition, int limit) {
            return after(categories.getOrDefault(category, List.of()), afterPosition, limit);
        }

        List<RecordedEvent> readStreamAfter(String streamId, long afterPosition, int limit) {
            return after(eventsOf(streamId), afterPosition, limit);
        }

        Optional<RecordedEvent> readEvent(UUID eventId) {
            return Optional.ofNullable(byId.get(eventId));
        }

        long streamVersion(String streamId) {
            return marksOf(streamId).visibleVersion(lastVersion(streamId));
        }

        /** The last event of the log is never scavenged (it is its stream's last), so positions never repeat. */
        long headPosition() {
            return head;
        }

        List<RecordedEvent> eventsOf(String streamId) {
            StreamLog stream = streams.get(streamId);
            return stream == null ? List.of() : stream.events;
        }

        /**
         * The index lists that hold every event matching one query item: the smallest list of one of its
         * tags; else one list per type; else the whole log. Each is in ascending position.
         */
        private List<List<RecordedEvent>> candidates(QueryItem item) {
            if (!item.tags().isEmpty()) {
                List<RecordedEvent> smallest = null;
                for (String tag : item.tags()) {
                    List<RecordedEvent> tagged = tags.getOrDefault(tag, List.of());
                    if (smallest == null || tagged.size() < smallest.size()) {
                        smallest = tagged;
                    }
                }
                return List.of(smallest);
            }
            if (!item.types().isEmpty()) {
                List<List<RecordedEvent>> lists = new ArrayList<>(item.types().size());
                for (String type : item.types()) {
                    lists.add(types.getOrDefault(type, List.of()));
                }
                return lists;
            }
            return List.of(all);
        }

        long firstMatchAfter(Query query, long after) {
            long first = 0;
            for (QueryItem item : query.items()) {
                for (List<RecordedEvent> candidates : candidates(item)) {
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
            }
            return first;
        }

        List<RecordedEvent> matching(Query query, long afterPosition, int limit) {
            // Each index list yields its first matches in position order; merging them keeps the order.
            TreeMap<Long, RecordedEvent> merged = new TreeMap<>();
            for (QueryItem item : query.items()) {
                for (List<RecordedEvent> candidates : candidates(item)) {
                    int taken = 0;
                    for (int i = firstIndexAfter(candidates, afterPosition); i < candidates.size() && taken < limit;
                            i++) {
                        RecordedEvent event = candidates.get(i);
                        if (item.matches(event.type(), event.tags())) {
                            merged.put(event.position(), event);
                            taken++;
                        }
                    }
                }
            }
            return firstOf(merged.values(), limit);
        }

        /** The newest events matching a query below a position, newest first; the mirror of {@link #matching}. */
        List<RecordedEvent> matchingBackward(Query query, long beforePosition, int limit) {
            TreeMap<Long, RecordedEvent> merged = new TreeMap<>();
            for (QueryItem item : query.items()) {
                for (List<RecordedEvent> candidates : candidates(item)) {
                    int taken = 0;
                    for (int i = firstIndexAfter(candidates, beforePosition - 1) - 1; i >= 0 && taken < limit; i--) {
                        RecordedEvent event = candidates.get(i);
                        if (item.matches(event.type(), event.tags())) {
                            merged.put(event.position(), event);
                            taken++;
                        }
                    }
                }
            }
            return firstOf(merged.descendingMap().values(), limit);
        }

        private static List<RecordedEvent> firstOf(Collection<RecordedEvent> events, int limit) {
            List<RecordedEvent> page = new ArrayList<>(Math.min(limit, events.size()));
            for (RecordedEvent event : events) {
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
}
