package dev.eventstore.spi;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventHandler;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Metrics;
import dev.eventstore.internal.SubscriptionWorker;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.reactor.ParkedEventStore;
import dev.eventstore.reactor.Poison;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The base of every store: on top of {@link AbstractEventReader}'s checked, paged reads it checks
 * appends and runs subscriptions, so that a store implements only storage. Subclasses implement the
 * {@code do*} methods, which receive arguments already checked, and call {@link #notifyAppended()}
 * when events may have become visible to readers by a path this class does not see (another process,
 * a transaction that committed).
 *
 * <p>The contract a subclass must keep is the one {@link EventStore} documents; the contract test
 * suite in this module's test-jar checks it.
 */
public abstract class AbstractEventStore extends AbstractEventReader implements EventStore {

    /** The default number of events fetched per page by lazy reads. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    private final Set<SubscriptionWorker> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MetricsListener metrics = MetricsListener.NONE;

    /**
     * @param pageSize how many events lazy reads fetch at once
     * @throws IllegalArgumentException if {@code pageSize} is below 1
     */
    protected AbstractEventStore(int pageSize) {
        super(pageSize);
    }

    /** Uses {@link #DEFAULT_PAGE_SIZE}. */
    protected AbstractEventStore() {
        this(DEFAULT_PAGE_SIZE);
    }

    // ---------------------------------------------------------------- what a store implements

    /**
     * Appends atomically, honouring the expected version, the condition (if any) and the idempotency
     * rule: {@link Appends#append} or an equivalent.
     *
     * @param streamId a valid stream id
     * @param expectedVersion not null
     * @param events at least one, valid, with distinct ids; an unmodifiable list
     * @param condition the condition, or null for a plain append
     * @return the result
     */
    protected abstract AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition);

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
     * @return true if an event may stay invisible to reads of the log for a short while after its
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
    @Override
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
        List<EventData> checked = Appends.check(streamId, expectedVersion, events);
        checkOpen();
        return measuredAppend(streamId, expectedVersion, checked, null);
    }

    @Override
    public final AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        List<EventData> checked = Appends.check(streamId, expectedVersion, events);
        Args.notNull("condition", condition);
        checkOpen();
        return measuredAppend(streamId, expectedVersion, checked, condition);
    }

    private AppendResult measuredAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        MetricsListener listener = metrics;
        if (listener == MetricsListener.NONE) {
            AppendResult result = doAppend(streamId, expectedVersion, events, condition);
            notifyAppended();
            return result;
        }
        long start = System.nanoTime();
        AppendResult result;
        try {
            result = doAppend(streamId, expectedVersion, events, condition);
        } catch (RuntimeException e) {
            Metrics.appendFailed(listener, streamId, e, start);
            throw e;
        }
        notifyAppended();
        listener.appended(streamId, events.size(), Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    /**
     * Sets the listener this store, its transactions and its subscriptions report to (and so the
     * projection runners and reactors built on them); it replaces the one set before. Consumers that
     * already run keep reporting to the listener they started with.
     *
     * <p>A listener's exceptions are logged and ignored: see {@link MetricsListener}.
     *
     * @param listener the listener, {@link MetricsListener#NONE} to stop reporting
     * @throws IllegalArgumentException if {@code listener} is null
     */
    public final void metricsListener(MetricsListener listener) {
        this.metrics = Metrics.guard(listener);
    }

    /**
     * @return the listener set by {@link #metricsListener(MetricsListener)}, as it was given;
     *     {@link MetricsListener#NONE} by default
     */
    public final MetricsListener metricsListener() {
        return Metrics.unguarded(metrics);
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
        ParkedEventStore parked = null;
        if (options.poison() == Poison.PARK) {
            if (!perEvent) {
                throw new IllegalArgumentException("subscription '" + options.name() + "' cannot park poison events: "
                        + "subscribeBatches hands its handler whole batches, so a failure names no single event; "
                        + "subscribe per event to park, or use Poison.STOP");
            }
            if (!(this instanceof TransactionalEventStore<?> transactional)) {
                throw new IllegalArgumentException("subscription '" + options.name() + "' cannot park poison events: "
                        + getClass().getSimpleName() + " keeps no parked events (it is no TransactionalEventStore)");
            }
            parked = transactional.parkedEventStore();
        }
        SubscriptionWorker[] self = new SubscriptionWorker[1];
        SubscriptionWorker worker = new SubscriptionWorker(options, new SubscriptionWorker.Source() {
            @Override
            public List<RecordedEvent> read(long afterPosition, int limit) {
                // A store that is closing stops its subscriptions right after; no page lets them end
                // quietly, without claiming to have caught up.
                return isClosed() ? null : doRead(options.filter(), afterPosition, limit);
            }

            @Override
            public long headPosition() {
                return doHeadPosition();
            }
        }, handler, perEvent, pollInterval(), readsLagCommits(), metrics, () -> subscriptions.remove(self[0]), parked);
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
}
