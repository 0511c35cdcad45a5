package dev.eventstore.internal;

import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StoreUnavailableException;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEventStore;
import dev.eventstore.reactor.ParkedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link Subscription}: a thread that reads pages of the log after its
 * position, hands them to the handler, and waits for a wake-up (an append) or its poll interval when
 * it has caught up. Every store runs its subscriptions on this loop; stores differ only in how they
 * read a page and when they call {@link #wake()}.
 *
 * <p>Why it never skips an event: it asks the store for events above the position of the last
 * event it handled, and the store's reads honour the position invariant (nothing committed later
 * lands below a position a reader has seen). Why it never loses a wake-up: the wake flag is cleared
 * before each read, so an append that commits after the read began leaves the flag set and the next
 * wait returns at once.
 *
 * <p>Parking (per-event subscriptions with {@link dev.eventstore.reactor.Poison#PARK}): a poison event
 * is recorded in the {@link ParkedEventStore} under the subscription's name, and so is each later event
 * of its stream, as waiting behind it. The subscription's thread and a caller that retries or skips a
 * stream ({@link #parkedEvents()}) take turns on {@link #parkLock}: the thread looks at a stream's
 * parked rows and parks an event behind them under it; the caller looks at the rows, and after handling
 * the head removes it, and finds the stream empty, under it. So an event of the stream is either parked
 * before the caller's last look (and the caller handles it in turn) or handled by the thread after the
 * caller released the stream: each once, in order. The handler runs outside the lock, so a handler that
 * appends to the store does not wait on it.
 */
public final class SubscriptionWorker implements Subscription {

    /** Where a subscription reads from: a store's log, or a feed of another service's. */
    public interface Source {
        /**
         * @param afterPosition return events above this position
         * @param limit the most events to return
         * @return the next events that pass the subscription's filter, in ascending position; fewer
         *     than {@code limit} when caught up; null when the source is closed, which ends the
         *     subscription
         * @throws Exception if the source cannot be read; the subscription backs off and reads again
         */
        List<RecordedEvent> read(long afterPosition, int limit) throws Exception;

        /**
         * Reads as {@link #read} does, but without waiting for new events: asked while catching up, and
         * when someone waits for the subscription to catch up. By default {@link #read}, for sources
         * whose reads never wait.
         *
         * @param afterPosition return events above this position
         * @param limit the most events to return
         * @return as {@link #read}
         * @throws Exception if the source cannot be read
         */
        default List<RecordedEvent> readNow(long afterPosition, int limit) throws Exception {
            return read(afterPosition, limit);
        }

        /**
         * @return the highest position a read could return now; a read that starts after this call
         *     and comes back with fewer events than asked has delivered every event up to it
         * @throws Exception if the source cannot be read
         */
        long headPosition() throws Exception;

        /**
         * Cuts short a read that waits for new events: it returns what it has (nothing). Called, from
         * any thread, when the subscription closes or someone waits for it to catch up. By default
         * nothing, for sources whose reads never wait.
         */
        default void stopWaiting() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private static final long READ_BACKOFF_FIRST_MILLIS = 100;
    private static final long READ_BACKOFF_MAX_MILLIS = 5_000;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** Read failures in a row after which they are logged as errors: no longer a passing outage. */
    private static final int READ_FAILURES_BEFORE_ERROR = 10;
    /** Quick re-reads after a wake-up found nothing yet, for stores whose readers lag commits. */
    private static final long[] LAG_REPOLL_MILLIS = {1, 2, 4, 8, 16, 32, 64};

    private final SubscriptionOptions options;
    private final Source source;
    private final EventBatchHandler handler;
    private final boolean perEvent;
    private final long pollIntervalMillis;
    private final boolean readsLagCommits;
    private final Runnable onStop;
    private final MetricsListener metrics;
    private final MetricsListener.Consumer consumer = new ConsumerView();
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Where poison events are parked; null for a subscription that stops on one. */
    private final ParkedEventStore parked;
    /**
     * The streams this subscription has parked events of: loaded when it is built, added to when it
     * parks, taken from when a stream is found released. Changed under {@link #parkLock} only, read
     * without it as a hint: the rows in the store decide, under the lock.
     */
    private final Set<String> parkedStreams = ConcurrentHashMap.newKeySet();
    /** The streams a caller retries or skips now: one caller a stream. */
    private final Set<String> releasing = ConcurrentHashMap.newKeySet();
    /** Taken while looking at, and changing, a stream's parked rows; never while a handler runs. */
    private final Object parkLock = new Object();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: set by {@link #wake()} and {@link #awaitCaughtUp}, cleared before each read. */
    private boolean wakeRequested;
    /** Guarded by {@link #lock}: set by {@link #wake()} only: events were appended. */
    private boolean appendSignalled;
    /** Guarded by {@link #lock}: how many reads have started. */
    private long readsStarted;
    /** Guarded by {@link #lock}: the number of the latest read that found the log's end. */
    private long caughtUpAtRead = -1;
    /** Guarded by {@link #lock}: the highest position {@link #awaitPosition} callers wait for. */
    private long wantedPosition;
    /**
     * Guarded by {@link #lock}: someone waits for the subscription to catch up, so reads must not wait
     * for new events ({@link Source#readNow}) until a read numbered above this one finds the end; -1 when
     * nobody waits.
     */
    private long readNowAfter = -1;
    /**
     * Every event at or below this position that passes the filter has been handled: the last event
     * handled, or the head position seen before a read that found the log's end.
     */
    private volatile long coveredPosition;

    private volatile boolean closing;
    private volatile long position;
    private volatile State state = State.CATCHING_UP;
    private volatile SubscriptionFailedException failure;

    /**
     * @param options what to deliver and how
     * @param source reads pages from the store
     * @param handler receives batches; with {@code perEvent}, each batch holds one event
     * @param perEvent true to retry event by event, false to retry whole batches
     * @param pollInterval how long to wait for a wake-up before reading anyway
     * @param readsLagCommits true if a just-committed event may be invisible to readers for a short
     *     while; after a wake-up that finds nothing the worker then re-reads a few times quickly
     * @param metrics where the worker reports what it handles, its retries and failures
     * @param onStop called once when the worker stops, on its thread
     */
    public SubscriptionWorker(SubscriptionOptions options, Source source, EventBatchHandler handler, boolean perEvent,
            Duration pollInterval, boolean readsLagCommits, MetricsListener metrics, Runnable onStop) {
        this(options, source, handler, perEvent, pollInterval, readsLagCommits, metrics, onStop, null);
    }

    /**
     * @param options what to deliver and how
     * @param source reads pages from the store
     * @param handler receives batches; with {@code perEvent}, each batch holds one event
     * @param perEvent true to retry event by event, false to retry whole batches
     * @param pollInterval how long to wait for a wake-up before reading anyway
     * @param readsLagCommits as in the other constructor
     * @param metrics where the worker reports what it handles, its retries, failures and parked events
     * @param onStop called once when the worker stops, on its thread
     * @param parked where poison events are parked, under the subscription's name; null to stop on one.
     *     Needs {@code perEvent}. Its parked streams are read here, on the calling thread.
     * @throws IllegalArgumentException if {@code parked} is given for batches
     * @throws EventStoreException if {@code parked} cannot be read
     */
    public SubscriptionWorker(SubscriptionOptions options, Source source, EventBatchHandler handler, boolean perEvent,
            Duration pollInterval, boolean readsLagCommits, MetricsListener metrics, Runnable onStop,
            ParkedEventStore parked) {
        if (parked != null && !perEvent) {
            throw new IllegalArgumentException("subscription '" + options.name() + "' of batches cannot park events");
        }
        this.parked = parked;
        if (parked != null) {
            parkedStreams.addAll(parked.streams(options.name()));
        }
        this.options = options;
        this.source = source;
        this.handler = handler;
        this.perEvent = perEvent;
        this.pollIntervalMillis = Math.max(1, pollInterval.toMillis());
        this.readsLagCommits = readsLagCommits;
        this.onStop = onStop;
        this.metrics = Metrics.guard(metrics);
        this.position = options.afterPosition();
        this.coveredPosition = options.afterPosition();
        this.thread = new Thread(this::run, "eventstore-subscription-" + options.name());
        this.thread.setDaemon(true);
    }

    /** Starts the worker's thread; call once. */
    public void start() {
        thread.start();
    }

    /** Tells the worker that events may have been appended: it reads again without waiting. */
    public void wake() {
        synchronized (lock) {
            wakeRequested = true;
            appendSignalled = true;
            lock.notifyAll();
        }
    }

    @Override
    public String name() {
        return options.name();
    }

    @Override
    public EventFilter filter() {
        return options.filter();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Optional<SubscriptionFailedException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Args.notNull("timeout", timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long readsBefore;
        synchronized (lock) {
            readsBefore = readsStarted;
            // A read that starts from now on sees everything visible now; ask for one at once.
            wakeRequested = true;
            readNowAfter = Math.max(readNowAfter, readsBefore);
            lock.notifyAll();
        }
        // A read under way may wait for new events (a long poll); it started too early to count.
        source.stopWaiting();
        synchronized (lock) {
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (caughtUpAtRead > readsBefore) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (state == State.CLOSED || remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
        }
    }

    @Override
    public boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
        Args.atLeast("position", target, 0);
        Args.notNull("timeout", timeout);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean stopWaiting = false;
            synchronized (lock) {
                if (failure != null) {
                    throw failure;
                }
                if (coveredPosition >= target) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (state == State.CLOSED || remaining <= 0) {
                    return false;
                }
                if (target > wantedPosition) {
                    wantedPosition = target;
                    wakeRequested = true;
                    stopWaiting = true;
                    lock.notifyAll();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                }
            }
            if (stopWaiting) {
                source.stopWaiting();
            }
        }
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped.copy();
    }

    @Override
    public void close() {
        signalClose();
        awaitClosed();
    }

    /** Asks the worker to stop, without waiting for it; see {@link #awaitClosed()}. */
    public void signalClose() {
        closing = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        source.stopWaiting();
    }

    /**
     * Waits a few seconds for the worker's thread to end after {@link #signalClose()}, then interrupts
     * a handler that is still running. Returns at once on the worker's own thread.
     */
    public void awaitClosed() {
        if (Thread.currentThread() == thread || !thread.isAlive() || joined()
                || Thread.currentThread().isInterrupted()) {
            return;
        }
        LOG.warn("Subscription '{}' still runs its handler {} ms after close(); interrupting it", name(),
                CLOSE_WAIT_MILLIS);
        thread.interrupt();
        // The store closes its connections after this returns: give the handler a moment to notice
        // the interrupt first.
        if (!joined() && !Thread.currentThread().isInterrupted()) {
            LOG.error("Subscription '{}' ignores its interrupt; its handler still runs", name());
        }
    }

    /**
     * Waits up to {@link #CLOSE_WAIT_MILLIS} for the worker's thread to end; false if it still runs or
     * the wait was interrupted (the interrupt is kept).
     */
    private boolean joined() {
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !thread.isAlive();
    }

    private void run() {
        metrics.consumerStarted(consumer);
        int readFailures = 0;
        int quickRereads = LAG_REPOLL_MILLIS.length;
        try {
            while (!closing) {
                long readNumber;
                boolean sampleHead;
                boolean readNow;
                synchronized (lock) {
                    wakeRequested = false;
                    appendSignalled = false;
                    readNumber = ++readsStarted;
                    sampleHead = wantedPosition > coveredPosition;
                    // Until it first finds the end, and while someone waits for it to, a read must not
                    // wait for new events: the end is what it has to find out about.
                    readNow = state == State.CATCHING_UP || readNowAfter >= 0;
                }
                List<RecordedEvent> page;
                long head = -1;
                try {
                    // A head taken before the read: a read that then finds the end has covered it.
                    if (sampleHead) {
                        head = source.headPosition();
                        // Events up to the head, which the filter may pass over, are to be read past now.
                        readNow |= head > coveredPosition;
                    }
                    page = readNow ? source.readNow(position, options.batchSize())
                            : source.read(position, options.batchSize());
                } catch (Exception e) {
                    if (closing) {
                        break;
                    }
                    readFailures++;
                    long wait = readBackoffMillis(readFailures);
                    if (readFailures < READ_FAILURES_BEFORE_ERROR) {
                        LOG.warn("Subscription '{}' cannot read after position {} (failure {}); retrying in {} ms",
                                name(), position, readFailures, wait, e);
                    } else {
                        LOG.error("Subscription '{}' still cannot read after position {} ({} failures in a row); "
                                + "retrying every {} ms", name(), position, readFailures, wait, e);
                    }
                    sleep(wait);
                    continue;
                }
                if (page == null) {
                    break;
                }
                if (readFailures > 0) {
                    LOG.info("Subscription '{}' reads again after {} failures; resuming after position {}",
                            name(), readFailures, position);
                    readFailures = 0;
                }
                if (!page.isEmpty() && !deliver(page)) {
                    break;
                }
                if (page.size() < options.batchSize()) {
                    boolean stillWanted;
                    synchronized (lock) {
                        caughtUpAtRead = readNumber;
                        if (readNowAfter >= 0 && readNumber > readNowAfter) {
                            readNowAfter = -1;
                        }
                        if (head > coveredPosition) {
                            coveredPosition = head;
                        }
                        if (state == State.CATCHING_UP) {
                            state = State.LIVE;
                        }
                        stillWanted = wantedPosition > coveredPosition;
                        lock.notifyAll();
                    }
                    long wait = pollIntervalMillis;
                    if (stillWanted || (readsLagCommits && quickRereads < LAG_REPOLL_MILLIS.length)) {
                        // Someone waits for a position not visible yet (PostgreSQL shows an event to log
                        // readers once older transactions end), or an append was just signalled.
                        wait = LAG_REPOLL_MILLIS[Math.min(quickRereads++, LAG_REPOLL_MILLIS.length - 1)];
                    }
                    if (awaitWake(wait)) {
                        // Re-read quickly only when told of an append that may not be visible yet.
                        quickRereads = 0;
                    }
                }
            }
        } catch (Throwable unexpected) {
            if (failure == null) {
                failure = new SubscriptionFailedException(name(), position, position, 1, unexpected);
                metrics.consumerFailed(name(), position, unexpected);
            }
            LOG.error("Subscription '{}' stopped by an unexpected error after position {}", name(), position,
                    unexpected);
        } finally {
            finish();
        }
    }

    private boolean deliver(List<RecordedEvent> page) {
        if (!perEvent) {
            return deliverWithRetries(page);
        }
        for (RecordedEvent event : page) {
            if (closing) {
                return false;
            }
            if (parked != null && parkedStreams.contains(event.streamId())) {
                Boolean waits = parkingStep(() -> waitBehind(event), event.position());
                if (waits == null) {
                    return false;
                }
                if (waits) {
                    continue;
                }
            }
            if (!deliverWithRetries(List.of(event))) {
                return false;
            }
        }
        return true;
    }

    private boolean deliverWithRetries(List<RecordedEvent> events) {
        long first = events.get(0).position();
        int attempt = 0;
        int outages = 0;
        while (true) {
            attempt++;
            long start = System.nanoTime();
            MetricsListener.Handling handling = perEvent ? metrics.handling(name(), events.get(0))
                    : MetricsListener.Handling.NONE;
            try {
                try {
                    handler.handle(events);
                } catch (Exception | Error e) {
                    handling.failed(e);
                    throw e;
                } finally {
                    handling.close();
                }
                RecordedEvent lastEvent = events.get(events.size() - 1);
                long last = lastEvent.position();
                position = last;
                metrics.handled(name(), lastEvent, events.size(), Duration.ofNanos(System.nanoTime() - start));
                if (last > coveredPosition) {
                    synchronized (lock) {
                        coveredPosition = Math.max(coveredPosition, last);
                        lock.notifyAll();
                    }
                }
                return true;
            } catch (Exception e) {
                if (closing) {
                    // Stopping: the handler was cut short, it did not fail.
                    return false;
                }
                if (e instanceof SubscriptionFailedException own) {
                    // The handler retried by itself and gives up, naming the event it failed on and the
                    // last one it finished.
                    if (own.position() > position) {
                        position = own.position();
                        synchronized (lock) {
                            coveredPosition = Math.max(coveredPosition, own.position());
                            lock.notifyAll();
                        }
                    }
                    failure = own;
                    metrics.consumerFailed(name(), own.position(), own.getCause() != null ? own.getCause() : own);
                    LOG.error("Subscription '{}' stopped: {}", name(), own.getMessage(), own.getCause());
                    return false;
                }
                if (StoreUnavailableException.isIn(e)) {
                    // An outage is no fault of the event: wait it out, however long it lasts.
                    long wait = readBackoffMillis(++outages);
                    LOG.warn("Subscription '{}': the store is unavailable while handling the event at position {} "
                            + "(failure {} in a row); retrying in {} ms", name(), first, outages, wait, e);
                    attempt--;
                    if (!sleep(wait)) {
                        return false;
                    }
                    continue;
                }
                if (attempt >= options.retry().maxAttempts() && parked != null) {
                    int attempts = attempt;
                    try {
                        return parkingStep(() -> parkFailed(events.get(0), attempts, e), first) != null;
                    } catch (RuntimeException parkFailure) {
                        // Not parked: stop on the event, as without parking.
                        LOG.error("Subscription '{}' cannot park the event at position {}", name(), first, parkFailure);
                        e.addSuppressed(parkFailure);
                    }
                }
                if (attempt >= options.retry().maxAttempts()) {
                    failure = new SubscriptionFailedException(name(), position, first, attempt, e);
                    metrics.consumerFailed(name(), first, e);
                    LOG.error("Subscription '{}' stopped: its handler failed {} times on the event at position {}",
                            name(), attempt, first, e);
                    return false;
                }
                long wait = options.retry().delayAfter(attempt).toMillis();
                metrics.retrying(name(), first, attempt, e);
                LOG.warn("Subscription '{}': handler failed on the event at position {} (attempt {} of {}); "
                        + "retrying in {} ms", name(), first, attempt, options.retry().maxAttempts(), wait, e);
                if (!sleep(wait)) {
                    return false;
                }
            }
        }
    }

    // ---------------------------------------------------------------- parking

    /**
     * Runs a step on the parked event store, waiting out outages of the store as the handler's are.
     *
     * @return what the step returned; null if the subscription closes meanwhile
     * @throws RuntimeException what the step threw, if not an outage
     */
    private <R> R parkingStep(java.util.function.Supplier<R> step, long at) {
        int outages = 0;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (closing || !StoreUnavailableException.isIn(e)) {
                    if (closing) {
                        return null;
                    }
                    throw e;
                }
                long wait = readBackoffMillis(++outages);
                LOG.warn("Subscription '{}': the store is unavailable while parking the event at position {} "
                        + "(failure {} in a row); retrying in {} ms", name(), at, outages, wait, e);
                if (!sleep(wait)) {
                    return null;
                }
            }
        }
    }

    /**
     * Parks an event of a stream that has parked events, behind them; or finds the stream released.
     *
     * @return true if the event waits (parked now or before): the subscription moves past it; false to
     *     handle it
     */
    private boolean waitBehind(RecordedEvent event) {
        String streamId = event.streamId();
        long head;
        boolean parkedNow;
        synchronized (parkLock) {
            List<ParkedEvent> stream = parked.stream(name(), streamId);
            if (stream.isEmpty()) {
                parkedStreams.remove(streamId);
                return false;
            }
            head = stream.get(0).position();
            if (head > event.position()) {
                // Delivered again from before the stream's parked event (a start from an older position).
                return false;
            }
            // Delivered again (a start from an older position), an event parked before stays as it is.
            parkedNow = stream.stream().noneMatch(p -> p.position() == event.position());
            if (parkedNow) {
                parked.park(new ParkedEvent(name(), event.position(), streamId, event.type(), null, 0, Instant.now(),
                        head));
            }
        }
        if (parkedNow) {
            metrics.parked(name(), event.position(), null);
            LOG.info("Subscription '{}' parked the event at position {} ({}@{}) behind the parked event at position {}",
                    name(), event.position(), streamId, event.version(), head);
        }
        advance(event.position());
        return true;
    }

    /** Parks an event the handler kept failing on, and moves past it. */
    private Boolean parkFailed(RecordedEvent event, int attempts, Exception error) {
        long behind;
        synchronized (parkLock) {
            List<ParkedEvent> stream = parked.stream(name(), event.streamId());
            // The stream has parked events only if parked by another subscription of this name meanwhile.
            behind = stream.isEmpty() || stream.get(0).position() >= event.position() ? 0 : stream.get(0).position();
            parked.park(new ParkedEvent(name(), event.position(), event.streamId(), event.type(), error.toString(),
                    attempts, Instant.now(), behind));
            parkedStreams.add(event.streamId());
        }
        metrics.parked(name(), event.position(), error);
        LOG.error("Subscription '{}' parked the event at position {} ({}@{}, {}) after {} attempts; the later events "
                + "of stream '{}' wait behind it", name(), event.position(), event.streamId(), event.version(),
                event.type(), attempts, event.streamId(), error);
        advance(event.position());
        return Boolean.TRUE;
    }

    /** The subscription has finished with every event up to {@code at}. */
    private void advance(long at) {
        position = at;
        synchronized (lock) {
            coveredPosition = Math.max(coveredPosition, at);
            lock.notifyAll();
        }
    }

    @Override
    public ParkedEvents parkedEvents() {
        if (parked == null) {
            return Subscription.super.parkedEvents();
        }
        return new ParkedEvents() {
            @Override
            public String consumer() {
                return name();
            }

            @Override
            public List<ParkedEvent> list() {
                return parked.list(name());
            }

            @Override
            public Optional<ParkedEvent> find(long at) {
                return parked.find(name(), at);
            }

            @Override
            public int retry(long at) {
                return release(at, false);
            }

            @Override
            public int skip(long at) {
                return release(at, true);
            }
        };
    }

    /**
     * Retries, or skips, a parked event, then hands the events of its stream that wait behind it to the
     * handler, in order, on the calling thread; see {@link ParkedEvents}.
     */
    private int release(long at, boolean skip) {
        ParkedEvent head = parked.find(name(), at).orElseThrow(() -> new IllegalArgumentException(
                "subscription '" + name() + "' has no parked event at position " + at));
        if (!head.isHead()) {
            throw new IllegalArgumentException("the event at position " + at + " waits behind the parked event at "
                    + "position " + head.waitingBehind() + " of subscription '" + name() + "': retry or skip that one");
        }
        String streamId = head.streamId();
        if (!releasing.add(streamId)) {
            throw new IllegalStateException("stream '" + streamId + "' of subscription '" + name()
                    + "' is being retried or skipped by another caller");
        }
        try {
            boolean first = true;
            boolean drop = skip;
            int handled = 0;
            long failing = -1;
            int attempt = 0;
            while (true) {
                ParkedEvent next;
                synchronized (parkLock) {
                    List<ParkedEvent> stream = parked.stream(name(), streamId);
                    if (first && (stream.isEmpty() || stream.get(0).position() != at)) {
                        throw new IllegalStateException("the parked event at position " + at + " of subscription '"
                                + name() + "' was retried or skipped meanwhile");
                    }
                    first = false;
                    if (stream.isEmpty()) {
                        parkedStreams.remove(streamId);
                        LOG.info("Subscription '{}': stream '{}' is released ({} parked events handled)", name(),
                                streamId, handled);
                        return handled;
                    }
                    next = stream.get(0);
                    if (drop) {
                        parked.remove(name(), at);
                        drop = false;
                        LOG.warn("Subscription '{}': the parked event at position {} ({}, {}) was skipped", name(), at,
                                streamId, next.eventType());
                        continue;
                    }
                }
                RecordedEvent event = readParked(next);
                Exception failed = null;
                long start = System.nanoTime();
                MetricsListener.Handling handling = metrics.handling(name(), event);
                try {
                    handler.handle(List.of(event));
                } catch (Exception e) {
                    handling.failed(e);
                    failed = e;
                } finally {
                    handling.close();
                }
                if (failed == null) {
                    // At least once: a crash before this removal hands the event to the handler again.
                    parked.remove(name(), next.position());
                    metrics.handled(name(), event, 1, Duration.ofNanos(System.nanoTime() - start));
                    handled++;
                    continue;
                }
                if (next.position() != failing) {
                    failing = next.position();
                    attempt = 0;
                }
                attempt++;
                if (attempt < options.retry().maxAttempts()) {
                    try {
                        Thread.sleep(options.retry().delayAfter(attempt).toMillis());
                        continue;
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                recordFailure(next, failed, attempt);
                throw new EventStoreException("Subscription '" + name() + "' failed to handle the parked event at "
                        + "position " + event.position() + " (" + event.streamId() + "@" + event.version() + ", "
                        + event.type() + ") " + attempt + (attempt == 1 ? " time" : " times") + "; it stays parked: "
                        + failed, failed);
            }
        } finally {
            releasing.remove(streamId);
        }
    }

    /** A released event failed again: it heads its stream, and the later events wait behind it. */
    private void recordFailure(ParkedEvent failed, Throwable error, int attempts) {
        synchronized (parkLock) {
            for (ParkedEvent event : parked.stream(name(), failed.streamId())) {
                if (event.position() == failed.position()) {
                    parked.park(new ParkedEvent(name(), event.position(), event.streamId(), event.eventType(),
                            error.toString(), event.attempts() + attempts, Instant.now(), 0));
                } else if (event.position() > failed.position()) {
                    parked.park(new ParkedEvent(name(), event.position(), event.streamId(), event.eventType(),
                            event.error(), event.attempts(), event.parkedAt(), failed.position()));
                }
            }
        }
        LOG.warn("Subscription '{}': the parked event at position {} failed again ({} attempts); it stays parked",
                name(), failed.position(), attempts, error);
    }

    private RecordedEvent readParked(ParkedEvent event) {
        List<RecordedEvent> found;
        try {
            found = source.readNow(event.position() - 1, 1);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("subscription '" + name() + "' cannot read the parked event at position "
                    + event.position() + ": " + e, e);
        }
        if (found == null) {
            throw new IllegalStateException("subscription '" + name() + "' cannot read the parked event at position "
                    + event.position() + ": its store is closed");
        }
        return found.stream().filter(e -> e.position() == event.position()).findFirst().orElseThrow(
                () -> new IllegalStateException("the parked event at position " + event.position()
                        + " of subscription '" + name() + "' is no longer there"));
    }

    /**
     * Waits for a wake-up or the timeout; returns true if woken by an append (not by a request to
     * read, nor the timeout). An interrupt closes the worker.
     */
    private boolean awaitWake(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (!wakeRequested && !closing) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
            boolean appended = appendSignalled && !closing;
            appendSignalled = false;
            return appended;
        }
    }

    /** Sleeps unless closed meanwhile; returns false if closing. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (!closing) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
            return false;
        }
    }

    private static long readBackoffMillis(int failures) {
        long wait = READ_BACKOFF_FIRST_MILLIS << Math.min(failures - 1, 16);
        return Math.min(wait, READ_BACKOFF_MAX_MILLIS);
    }

    private void finish() {
        synchronized (lock) {
            state = failure != null ? State.FAILED : State.CLOSED;
            lock.notifyAll();
        }
        try {
            metrics.consumerStopped(consumer);
            onStop.run();
        } finally {
            if (failure != null) {
                stopped.completeExceptionally(failure);
            } else {
                stopped.complete(null);
            }
        }
    }

    /** How far a consumer is behind: positions from the first event waiting to the head, and that event's time. */
    private record Lag(long events, Instant oldest) {
        static final Lag NONE = new Lag(0, null);
    }

    /** What the metrics listener reads: the name, the position and the lag. */
    private final class ConsumerView implements MetricsListener.Consumer {

        @Override
        public String name() {
            return SubscriptionWorker.this.name();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public long lagEvents() {
            try {
                return lag().events();
            } catch (Exception e) {
                LOG.debug("Subscription '{}': cannot read its source for its lag", name(), e);
                return -1;
            }
        }

        @Override
        public Duration lagTime() {
            Lag lag;
            try {
                lag = lag();
            } catch (Exception e) {
                LOG.debug("Subscription '{}': cannot read its source for its lag", name(), e);
                return null;
            }
            if (lag.oldest() == null) {
                return Duration.ZERO;
            }
            Duration age = Duration.between(lag.oldest(), Instant.now());
            return age.isNegative() ? Duration.ZERO : age;
        }

        /** Reads the head and the first event waiting: two small reads of the source. */
        private Lag lag() throws Exception {
            long at = position;
            long head = source.headPosition();
            if (head <= at) {
                return Lag.NONE;
            }
            List<RecordedEvent> next = source.readNow(at, 1);
            if (next == null || next.isEmpty()) {
                // The positions up to the head hold no event for this consumer.
                return Lag.NONE;
            }
            RecordedEvent first = next.get(0);
            return new Lag(Math.max(1, head - first.position() + 1), first.recordedAt());
        }

        @Override
        public String toString() {
            return "consumer '" + name() + "' at " + position;
        }
    }
}
