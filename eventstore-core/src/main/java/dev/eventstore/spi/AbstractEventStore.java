package dev.eventstore.spi;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventHandler;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Paging;
import dev.eventstore.internal.SubscriptionWorker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The base of every store: it checks arguments, pages reads lazily, and runs subscriptions, so that a
 * store implements only storage. Subclasses implement the {@code do*} methods, which receive
 * arguments already checked, and call {@link #notifyAppended()} when events may have become visible
 * to readers by a path this class does not see (another process, a caller's own transaction).
 *
 * <p>The contract a subclass must keep is the one {@link EventStore} documents; the contract test
 * suite in this module's test-jar checks it.
 */
public abstract class AbstractEventStore implements EventStore {

    /** The default number of events fetched per page by lazy reads. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    private final int pageSize;
    private final Set<SubscriptionWorker> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param pageSize how many events lazy reads fetch at once
     * @throws IllegalArgumentException if {@code pageSize} is below 1
     */
    protected AbstractEventStore(int pageSize) {
        this.pageSize = (int) Args.atLeast("pageSize", pageSize, 1);
    }

    /** Uses {@link #DEFAULT_PAGE_SIZE}. */
    protected AbstractEventStore() {
        this(DEFAULT_PAGE_SIZE);
    }

    // ---------------------------------------------------------------- what a store implements

    /**
     * Appends atomically, honouring the expected version, the condition (if any) and the idempotency
     * rule ({@link Idempotency#check}).
     *
     * @param streamId a valid stream id
     * @param expectedVersion not null
     * @param events at least one, valid, with distinct ids; an unmodifiable list
     * @param condition the condition, or null for a plain append
     * @return the result
     */
    protected abstract AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition);

    /**
     * Reads one page of a stream.
     *
     * @param streamId a valid stream id
     * @param fromVersion forward: the lowest version to return (at least 1); backward: the highest
     * @param limit the most events to return, at least 1
     * @param direction not null
     * @return the events in the direction's order
     */
    protected abstract List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit,
            Direction direction);

    /**
     * Reads one page of the log in position order, honouring the position invariant: it must never
     * return an event above a position below which another event may still become visible.
     *
     * @param filter not null
     * @param afterPosition at least 0
     * @param limit the most events to return, at least 1
     * @return the events above {@code afterPosition} that pass {@code filter}, ascending
     */
    protected abstract List<RecordedEvent> doRead(EventFilter filter, long afterPosition, int limit);

    /**
     * @param streamId a valid stream id
     * @return the stream's version, 0 if it does not exist
     */
    protected abstract long doStreamVersion(String streamId);

    /** @return the highest position {@link #doRead} can return now, 0 if none */
    protected abstract long doHeadPosition();

    /** Releases the store's resources; called once, after its subscriptions stopped. */
    protected void doClose() {
    }

    /**
     * @return how long a caught-up subscription waits for {@link #notifyAppended()} before reading
     *     anyway; the fallback for appends this store cannot see
     */
    protected Duration pollInterval() {
        return Duration.ofSeconds(1);
    }

    /**
     * @return true if an event may stay invisible to {@link #doRead} for a short while after its
     *     append committed; caught-up subscriptions then re-read a few times quickly after a wake-up
     */
    protected boolean readsLagCommits() {
        return false;
    }

    /** Wakes the store's caught-up subscriptions: events may have become visible. Cheap; thread-safe. */
    protected final void notifyAppended() {
        for (SubscriptionWorker subscription : subscriptions) {
            subscription.wake();
        }
    }

    /** @throws IllegalStateException if the store is closed */
    protected final void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    /** @return true once {@link #close()} has been called */
    protected final boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------- the public API

    @Override
    public final AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
        List<EventData> checked = checkAppend(streamId, expectedVersion, events);
        AppendResult result = doAppend(streamId, expectedVersion, checked, null);
        notifyAppended();
        return result;
    }

    @Override
    public final AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        List<EventData> checked = checkAppend(streamId, expectedVersion, events);
        Args.notNull("condition", condition);
        AppendResult result = doAppend(streamId, expectedVersion, checked, condition);
        notifyAppended();
        return result;
    }

    @Override
    public final Stream<RecordedEvent> readStream(String streamId, long fromVersion, long maxCount,
            Direction direction) {
        StreamIds.validate(streamId);
        Args.atLeast("fromVersion", fromVersion, 0);
        Args.atLeast("maxCount", maxCount, 0);
        Args.notNull("direction", direction);
        checkOpen();
        long start = direction == Direction.FORWARD ? Math.max(1, fromVersion) : fromVersion;
        if (direction == Direction.BACKWARD && start == 0) {
            return Stream.empty();
        }
        return Paging.stream(maxCount, pageSize, (last, limit) -> {
            if (last == null) {
                return doReadStream(streamId, start, limit, direction);
            }
            if (direction == Direction.FORWARD) {
                return doReadStream(streamId, last.version() + 1, limit, direction);
            }
            return last.version() <= 1 ? List.of() : doReadStream(streamId, last.version() - 1, limit, direction);
        });
    }

    @Override
    public final Stream<RecordedEvent> read(EventFilter filter, long afterPosition, long maxCount) {
        Args.notNull("filter", filter);
        Args.atLeast("afterPosition", afterPosition, 0);
        Args.atLeast("maxCount", maxCount, 0);
        checkOpen();
        return Paging.stream(maxCount, pageSize,
                (last, limit) -> doRead(filter, last == null ? afterPosition : last.position(), limit));
    }

    @Override
    public final long streamVersion(String streamId) {
        StreamIds.validate(streamId);
        checkOpen();
        return doStreamVersion(streamId);
    }

    @Override
    public final long headPosition() {
        checkOpen();
        return doHeadPosition();
    }

    @Override
    public final Subscription subscribe(SubscriptionOptions options, EventHandler handler) {
        Args.notNull("handler", handler);
        return start(options, events -> handler.handle(events.get(0)), true);
    }

    @Override
    public final Subscription subscribeBatches(SubscriptionOptions options, EventBatchHandler handler) {
        Args.notNull("handler", handler);
        return start(options, handler, false);
    }

    /**
     * Stops every subscription, then calls {@link #doClose()}. Idempotent.
     */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Stop them all first and wait afterwards, so that closing takes as long as the slowest
            // handler, not as long as all of them together.
            List<SubscriptionWorker> running = List.copyOf(subscriptions);
            for (SubscriptionWorker subscription : running) {
                subscription.signalClose();
            }
            for (SubscriptionWorker subscription : running) {
                subscription.awaitClosed();
            }
        } finally {
            doClose();
        }
    }

    private Subscription start(SubscriptionOptions options, EventBatchHandler handler, boolean perEvent) {
        Args.notNull("options", options);
        checkOpen();
        SubscriptionWorker[] self = new SubscriptionWorker[1];
        SubscriptionWorker worker = new SubscriptionWorker(options, this::readForSubscription, handler, perEvent,
                pollInterval(), readsLagCommits(), () -> subscriptions.remove(self[0]));
        self[0] = worker;
        subscriptions.add(worker);
        if (isClosed()) {
            // close() may have taken its copy of the subscriptions before this one was added.
            subscriptions.remove(worker);
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        worker.start();
        return worker;
    }

    private List<RecordedEvent> readForSubscription(EventFilter filter, long afterPosition, int limit) {
        // A store that is closing stops its subscriptions right after; no page lets them end quietly,
        // without claiming to have caught up.
        return isClosed() ? null : doRead(filter, afterPosition, limit);
    }

    /**
     * Checks an append's arguments as {@link #append} does, for stores that offer appends by another
     * path (inside a caller's transaction, say).
     *
     * @param streamId the stream
     * @param expectedVersion the expected version
     * @param events the events
     * @return an unmodifiable copy of {@code events}
     * @throws IllegalArgumentException naming the bad argument; two events sharing an id
     * @throws IllegalStateException if the store is closed
     */
    protected final List<EventData> checkAppend(String streamId, ExpectedVersion expectedVersion,
            List<EventData> events) {
        StreamIds.validate(streamId);
        Args.notNull("expectedVersion", expectedVersion);
        Args.notEmpty("events", events);
        List<EventData> copy = List.copyOf(events);
        if (copy.size() > 1) {
            Set<UUID> ids = new HashSet<>(copy.size() * 2);
            for (EventData event : copy) {
                if (!ids.add(event.id())) {
                    throw new IllegalArgumentException("events must have distinct ids, but " + event.id()
                            + " appears twice");
                }
            }
        }
        checkOpen();
        return copy;
    }
}
