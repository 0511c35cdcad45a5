package dev.eventstore.reactor;

import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.StoreUnavailableException;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.TransactionWork;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Metrics;
import dev.eventstore.internal.SubscriptionWorker;
import dev.eventstore.internal.Uuids;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.spi.AbstractEventStore;
import dev.eventstore.typed.EventMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process manager: it follows the log (or another service's {@link EventFeed feed}) with a named
 * checkpoint and reacts to each event by handling commands, scheduling deadlines and calling other
 * services.
 *
 * <pre>{@code
 * Reactor<EventTransaction> checkout = Reactor.builder("checkout", store)
 *         .filter(EventFilter.category("order"))
 *         .reaction((event, ctx) -> {
 *             if (types.decode(event, OrderEvent.class).orElseThrow().event() instanceof OrderPlaced placed) {
 *                 ctx.handle(payments, "payment-" + placed.orderId(), new RequestPayment(placed.total()));
 *                 ctx.schedule("payment:" + placed.orderId(), Duration.ofSeconds(30), "{}");
 *             }
 *         })
 *         .onDeadline((deadline, ctx) -> ctx.handle(orders, "order-" + deadline.key().substring(8), new TimeOut()))
 *         .start();
 * }</pre>
 *
 * <h2>Exactly once inside the store, at least once outside</h2>
 * The commands a reaction handles, the deadlines it schedules or cancels, and whatever else it does
 * through its transaction commit in one transaction with the reactor's checkpoint (see
 * {@link ReactionContext}): across crashes and restarts, each event's effects in this store happen
 * exactly once. Effects outside the store, such as an HTTP call to another service, happen <em>at
 * least once</em>: if the process dies before the checkpoint commits, the event is reacted to again
 * and the call is made again. Send {@link ReactionContext#commandId(String)} with such a call as its
 * idempotency key, and let the receiver ignore a repeat.
 *
 * <h2>Deadlines</h2>
 * A deadline ({@link ReactionContext#schedule}) is kept in the store's {@link DeadlineStore}, written
 * in the reaction's transaction, so it survives a restart. When it is due, the reactor takes it out
 * of the store in a transaction, hands it to the {@link Builder#onDeadline deadline handler}, and
 * commits what the handler did in the same transaction: it fires once. A reactor in another process
 * sees deadlines scheduled here within {@link Builder#deadlinePollInterval its poll interval}.
 *
 * <h2>Failures</h2>
 * A reaction that throws rolls back, and the event is reacted to again after a back-off, as the
 * {@link RetryPolicy} says; when the attempts are used up the reactor stops with the error logged, in
 * {@link #failure()} (its cause a {@link ReactionFailedException} naming the event or deadline), and in
 * {@link #stopped()}. It never moves past an event it could not react to. A store or feed that cannot
 * be read is retried until it answers again.
 *
 * <p>Built with {@link Builder#onPoison onPoison(Poison.PARK)}, the reactor parks such an event instead
 * of stopping: the event's position, stream, type, error and attempts are recorded in the store's
 * {@link ParkedEventStore}, in the transaction that moves the checkpoint past it, and the reactor goes
 * on. The later events of that stream are parked behind it, unhandled, so a stream's order is never
 * broken; other streams go on. {@link #parkedEvents()} lists, retries and skips parked events.
 *
 * <h2>Several processes</h2>
 * Reactors of the same name in several processes on the same store take turns: a reaction's
 * transaction holds the checkpoint, and one that finds the event already handled by another process
 * rolls back and moves on. Their effects outside the store may then happen twice, as above.
 *
 * <h2>Partitions</h2>
 * A reactor reacts to one event at a time: one that calls another service for each event does as
 * many calls a second as one call's round trip allows. {@link Builder#partition(int, int)} shares
 * the work among several reactors of one name: each reacts only to the events of the streams that
 * fall in its partition ({@link #partitionOf}), in order, and lets the others pass; the reactors of
 * different partitions react at once. Each keeps a checkpoint of its own; command ids and deadlines
 * stay the name's.
 *
 * @param <T> the store's transaction type
 */
public final class Reactor<T extends EventTransaction> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

    /** The default number of events read at once. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** The default time between two looks for deadlines scheduled by other processes. */
    public static final Duration DEFAULT_DEADLINE_POLL_INTERVAL = Duration.ofSeconds(1);
    /** The longest key of a command, effect or deadline within a reaction's derived ids. */
    public static final int MAX_KEY_LENGTH = 50;

    /** The namespace of command ids too long to spell out: name-based UUIDs of the spelled-out id. */
    private static final UUID LONG_ID_NAMESPACE = UUID.fromString("0b7e9a44-58c1-5d2f-8e36-4a1f9c0d7b52");
    private static final int MAX_COMMAND_ID_LENGTH = EventMetadata.MAX_KEY_LENGTH;
    private static final int DEADLINES_PER_LOOK = 100;
    private static final long STORE_BACKOFF_FIRST_MILLIS = 100;
    private static final long STORE_BACKOFF_MAX_MILLIS = 5_000;
    /** Serialization conflicts in a row after which a failing event's attempts count them. */
    private static final int MAX_CONFLICTS_IN_A_ROW = 20;

    private final String name;
    /** The name its checkpoint is saved under: its name, or for a partition the name and the partition. */
    private final String checkpointName;
    private final TransactionalEventStore<T> store;
    private final EventFilter filter;
    private final EventFeed feed;
    private final Reaction<T> reaction;
    private final DeadlineHandler<T> deadlineHandler;
    private final CheckpointStore checkpoints;
    private final DeadlineStore deadlines;
    private final RetryPolicy retry;
    private final Clock clock;
    private final long deadlinePollMillis;
    private final int batchSize;
    private final long checkpointIntervalNanos;
    private final int partitionIndex;
    private final int partitionCount;
    private final Poison poison;
    private final ParkedEventStore parked;
    /**
     * The streams this reactor believes parked: loaded at start, added to when it parks an event, and
     * taken from when the store says a stream was released. Only ever a hint: parking behind a stream
     * checks the store, in the parking transaction.
     */
    private final Set<String> parkedStreams = ConcurrentHashMap.newKeySet();
    /** What a transaction of this reactor checks before it changes anything; null if nothing. */
    private final Predicate<? super T> fence;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Object deadlineLock = new Object();
    /** Guarded by {@link #deadlineLock}: a reaction here scheduled a deadline; look again at once. */
    private boolean deadlineScheduled;
    /** The checkpoint this instance last read or committed; a stored one below it was moved back. */
    private volatile long known;
    /**
     * The position of the last event reacted to whose reaction left nothing to commit, while its
     * checkpoint waits for the {@link Builder#checkpointInterval interval} to be saved; 0 if none waits.
     * Written by the subscription's thread, and by {@link #close()} once that thread has ended.
     */
    private volatile long unsaved;
    /** When the checkpoint was last committed; the subscription's thread only. */
    private long lastSaved;
    private volatile boolean closing;
    private volatile SubscriptionFailedException deadlineFailure;
    private Subscription subscription;
    private Thread deadlineThread;
    /** Where the reactor reports: its store's listener when it started. */
    private volatile MetricsListener metrics = MetricsListener.NONE;

    private Reactor(Builder<T> builder, long start) {
        this.name = builder.name;
        this.checkpointName = builder.checkpointName();
        this.store = builder.store;
        this.filter = builder.filter;
        this.feed = builder.feed;
        this.reaction = builder.reaction;
        this.deadlineHandler = builder.deadlineHandler;
        this.checkpoints = builder.checkpoints;
        this.deadlines = builder.deadlines;
        this.retry = builder.retry;
        this.clock = builder.clock;
        this.deadlinePollMillis = Math.max(1, builder.deadlinePollInterval.toMillis());
        this.batchSize = builder.batchSize;
        this.checkpointIntervalNanos = builder.checkpointInterval.toNanos();
        this.partitionIndex = builder.partitionIndex;
        this.partitionCount = builder.partitionCount;
        this.poison = builder.poison;
        this.parked = builder.parked;
        this.fence = builder.fence;
        this.known = start;
        this.lastSaved = System.nanoTime();
    }

    /**
     * @param name the reactor's name: its checkpoint's name, its deadlines' owner, and the root of its
     *     command ids; 1 to 100 characters, no control characters
     * @param store the store whose log it follows (unless a {@link Builder#source feed} is given) and
     *     where its effects, checkpoint and deadlines commit
     * @param <T> the store's transaction type
     * @return a builder: all events, {@value #DEFAULT_BATCH_SIZE} events a batch, the default retry
     *     policy, the store's checkpoint and deadline stores, the system clock
     * @throws IllegalArgumentException if an argument is null or the name invalid
     */
    public static <T extends EventTransaction> Builder<T> builder(String name, TransactionalEventStore<T> store) {
        return new Builder<>(Args.name("name", name, 100), Args.notNull("store", store));
    }

    /** @return the reactor's name */
    public String name() {
        return name;
    }

    /**
     * @return the name its checkpoint is saved under in the {@link dev.eventstore.projection.CheckpointStore}:
     *     its {@link #name()}, or for one of several {@linkplain Builder#partition partitions}
     *     {@code name#i/n} (partition {@code i} of {@code n}, from 1)
     */
    public String checkpointName() {
        return checkpointName;
    }

    /** The checkpoint name of partition {@code index} (from 0) of {@code count} of the reactor {@code name}. */
    static String checkpointName(String name, int index, int count) {
        return count == 1 ? name : name + "#" + (index + 1) + "/" + count;
    }

    /**
     * The partition a stream's events fall in, among {@code count}: the same in every JVM, since it
     * derives from {@link String#hashCode()}, whose value the Java platform specifies.
     *
     * @param streamId a stream id
     * @param count how many partitions, from 1
     * @return the partition, from 0 to {@code count - 1}
     * @throws IllegalArgumentException if {@code streamId} is null or {@code count} below 1
     */
    public static int partitionOf(String streamId, int count) {
        Args.notNull("streamId", streamId);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was: " + count);
        }
        return Math.floorMod(streamId.hashCode(), count);
    }

    /** @return the position of the last event reacted to, or the start position if none yet */
    public long position() {
        return subscription.position();
    }

    /**
     * @return where the reactor is in its life: {@link Subscription.State#FAILED} if it stopped on a
     *     failure, of a reaction or of a deadline
     */
    public Subscription.State state() {
        return deadlineFailure != null ? Subscription.State.FAILED : subscription.state();
    }

    /** @return the error the reactor stopped with, if it failed; its cause names the event or deadline */
    public Optional<SubscriptionFailedException> failure() {
        SubscriptionFailedException fromDeadlines = deadlineFailure;
        return fromDeadlines != null ? Optional.of(fromDeadlines) : subscription.failure();
    }

    /**
     * Waits until every event at or below {@code position} that the reactor wants has been reacted to,
     * and its effects committed.
     *
     * @param position the position, typically an append's {@code lastPosition()}; 0 returns at once
     * @param timeout the longest wait
     * @return true when done; false if the time ran out or the reactor was closed first
     * @throws SubscriptionFailedException if the reactor has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code position} is negative, or {@code timeout} null or
     *     negative
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        checkDeadlineFailure();
        return subscription.awaitPosition(position, timeout);
    }

    /**
     * Waits until the reactor has reacted to every event visible when this method was called.
     *
     * @param timeout the longest wait
     * @return true when caught up; false if the time ran out or the reactor was closed first
     * @throws SubscriptionFailedException if the reactor has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        checkDeadlineFailure();
        return subscription.awaitCaughtUp(timeout);
    }

    /**
     * @return a future that completes when the reactor stops: normally after {@link #close()},
     *     exceptionally with a {@link SubscriptionFailedException} if a reaction or a deadline kept
     *     failing. Completing the returned future does not affect the reactor.
     */
    public CompletableFuture<Void> stopped() {
        return stopped.copy();
    }

    /**
     * Stops the reactor: the reaction or deadline under way finishes (and commits), nothing more is
     * done, and a checkpoint that waits for its {@linkplain Builder#checkpointInterval interval} is
     * saved. Calling it again is harmless. Close a reactor before its store.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (deadlineLock) {
            deadlineLock.notifyAll();
        }
        subscription.close();
        saveUnsaved();
        Thread deadlinesRunning = deadlineThread;
        if (deadlinesRunning != null && deadlinesRunning != Thread.currentThread()) {
            try {
                deadlinesRunning.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Reactor[" + checkpointName + ", " + state() + " at position " + position() + "]";
    }

    /** On closing: saves a checkpoint that waits for its interval, once the subscription has stopped. */
    private void saveUnsaved() {
        long position = unsaved;
        if (position == 0 || subscription.state() != Subscription.State.CLOSED) {
            // Nothing waits, or the subscription failed or still runs: the next start reacts again from
            // the saved checkpoint, which is always safe.
            return;
        }
        try {
            savePending(position);
            unsaved = 0;
        } catch (RuntimeException e) {
            LOG.warn("Reactor '{}': could not save its checkpoint {} on closing; the events after the saved "
                    + "checkpoint will be reacted to again", checkpointName, position, e);
        }
    }

    // ---------------------------------------------------------------- running

    private Reactor<T> run(long afterPosition) {
        if (poison == Poison.PARK) {
            parkedStreams.addAll(parked.streams(name));
        }
        metrics = Metrics.guard(store instanceof AbstractEventStore metered ? metered.metricsListener()
                : MetricsListener.NONE);
        SubscriptionOptions options = SubscriptionOptions.builder(feed == null ? filter : EventFilter.all())
                .name(checkpointName)
                .afterPosition(afterPosition)
                .batchSize(batchSize)
                // The reactor retries each event itself: see handleBatch.
                .retry(RetryPolicy.none())
                .build();
        if (feed == null) {
            subscription = store.subscribeBatches(options, this::handleBatch);
        } else {
            SubscriptionWorker worker = new SubscriptionWorker(options, new SubscriptionWorker.Source() {
                @Override
                public List<RecordedEvent> read(long after, int limit) throws Exception {
                    return feed.read(after, limit);
                }

                @Override
                public List<RecordedEvent> readNow(long after, int limit) throws Exception {
                    return feed.readNow(after, limit);
                }

                @Override
                public long headPosition() throws Exception {
                    return feed.headPosition();
                }

                @Override
                public void stopWaiting() {
                    feed.stopWaiting();
                }
            }, this::handleBatch, false, Duration.ofMillis(1), false, metrics, () -> { });
            worker.start();
            subscription = worker;
        }
        CompletableFuture<Void> deadlinesDone = new CompletableFuture<>();
        if (deadlineHandler != null) {
            deadlineThread = new Thread(() -> {
                try {
                    runDeadlines();
                } finally {
                    deadlinesDone.complete(null);
                }
            }, "eventstore-reactor-deadlines-" + checkpointName);
            deadlineThread.setDaemon(true);
            deadlineThread.start();
        } else {
            deadlinesDone.complete(null);
        }
        subscription.stopped().whenComplete((ignored, failure) -> {
            closing = true;
            synchronized (deadlineLock) {
                deadlineLock.notifyAll();
            }
        });
        CompletableFuture.allOf(subscription.stopped().exceptionally(failure -> null), deadlinesDone)
                .whenComplete((ignored, none) -> {
                    Optional<SubscriptionFailedException> failure = failure();
                    if (failure.isPresent()) {
                        stopped.completeExceptionally(failure.get());
                    } else {
                        stopped.complete(null);
                    }
                });
        return this;
    }

    /**
     * Reacts to a batch, event by event, retrying a failing event as the retry policy says: a poison
     * event gets all the attempts, however many other events of the batch failed once before it.
     */
    private void handleBatch(List<RecordedEvent> events) {
        int[] done = {0};
        int failing = -1;
        int attempt = 0;
        int outages = 0;
        int conflicts = 0;
        while (true) {
            try {
                reactTo(events, done);
                return;
            } catch (RuntimeException e) {
                if (closing || e instanceof MovedBackException) {
                    throw e;
                }
                if (done[0] != failing) {
                    failing = done[0];
                    attempt = 0;
                    conflicts = 0;
                }
                if (isConflict(e) && conflicts < MAX_CONFLICTS_IN_A_ROW) {
                    // A concurrent transaction committed first (a serialization conflict): no fault of the
                    // event, and the next try usually passes; it takes none of the event's attempts.
                    conflicts++;
                    if (!pauseUnlessClosing(conflictPauseMillis(conflicts))) {
                        throw e;
                    }
                    continue;
                }
                if (StoreUnavailableException.isIn(e)) {
                    // An outage is no fault of the event: wait it out, however long it lasts.
                    outages++;
                    long wait = Math.min(STORE_BACKOFF_MAX_MILLIS,
                            STORE_BACKOFF_FIRST_MILLIS << Math.min(outages - 1, 16));
                    LOG.warn("Reactor '{}': the store is unavailable (failure {} in a row); retrying in {} ms", checkpointName,
                            outages, wait, e);
                    if (!pauseUnlessClosing(wait)) {
                        throw e;
                    }
                    continue;
                }
                outages = 0;
                attempt++;
                long failedPosition = failing < events.size() ? events.get(failing).position() : known;
                if (attempt >= retry.maxAttempts()) {
                    if (poison == Poison.PARK && failing < events.size() && e instanceof ReactionFailedException) {
                        try {
                            parkFailed(events.get(failing), attempt, e);
                        } catch (RuntimeException parkFailure) {
                            if (closing || !StoreUnavailableException.isIn(parkFailure)) {
                                parkFailure.addSuppressed(e);
                                throw new SubscriptionFailedException(checkpointName, known, failedPosition, attempt,
                                        parkFailure);
                            }
                            // The event is tried once more when the store is back, and parked if it fails.
                            LOG.warn("Reactor '{}': the store is unavailable while parking the event at position {}",
                                    checkpointName, failedPosition, parkFailure);
                            if (!pauseUnlessClosing(STORE_BACKOFF_MAX_MILLIS)) {
                                throw parkFailure;
                            }
                            continue;
                        }
                        done[0] = failing + 1;
                        failing = -1;
                        attempt = 0;
                        continue;
                    }
                    throw new SubscriptionFailedException(checkpointName, known, failedPosition, attempt, e);
                }
                long wait = retry.delayAfter(attempt).toMillis();
                metrics.retrying(checkpointName, failedPosition, attempt, e);
                LOG.warn("Reactor '{}' failed at position {} (attempt {} of {}); retrying in {} ms", checkpointName,
                        failedPosition, attempt, retry.maxAttempts(), wait, e);
                if (!pauseUnlessClosing(wait)) {
                    throw e;
                }
            }
        }
    }

    /** Reacts to the events of a batch from {@code done[0]} on, moving it past each event done. */
    private void reactTo(List<RecordedEvent> events, int[] done) {
        long stored = checkpoints.load(checkpointName);
        checkNotMovedBack(stored);
        long pending = 0;
        Throwable failure = null;
        try {
            for (; done[0] < events.size(); done[0]++) {
                RecordedEvent event = events.get(done[0]);
                if (event.position() <= stored) {
                    continue;
                }
                if ((feed != null && !filter.test(event))
                        || (partitionCount > 1 && partitionOf(event.streamId(), partitionCount) != partitionIndex)) {
                    pending = event.position();
                    continue;
                }
                pending = reactOrPark(event) ? 0 : event.position();
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (pending > 0 && System.nanoTime() - lastSaved < checkpointIntervalNanos) {
                // Saved later: with a reaction that commits, at the interval, or on closing.
                unsaved = pending;
            } else if (pending > 0) {
                try {
                    savePending(pending);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Reacts to an event, or parks it behind its stream's parked event.
     *
     * @return as {@link #react}; true if parked
     */
    private boolean reactOrPark(RecordedEvent event) {
        while (true) {
            if (!parkedStreams.isEmpty() && parkedStreams.contains(event.streamId())) {
                if (parkBehind(event)) {
                    return true;
                }
                parkedStreams.remove(event.streamId());
            }
            try {
                return react(event);
            } catch (StreamParkedException parkedElsewhere) {
                // Parked by another process of this name since this one looked: park behind it.
                parkedStreams.add(event.streamId());
            }
        }
    }

    /**
     * @param error what a reaction (or its commit) threw
     * @return true if a concurrent transaction's commit caused it: trying again may succeed
     */
    private static boolean isConflict(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyConflictException) {
                return true;
            }
        }
        return false;
    }

    /** A short pause before trying again after a conflict, longer and jittered as conflicts repeat. */
    private static long conflictPauseMillis(int conflicts) {
        return 1 + ThreadLocalRandom.current().nextLong(Math.min(100, 5L * conflicts));
    }

    /** Waits unless the reactor is closing; false if it is. */
    private boolean pauseUnlessClosing(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (deadlineLock) {
            while (!closing) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(deadlineLock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Reacts to one event.
     *
     * @return true if the event's checkpoint is committed (with the reaction's effects, or by another
     *     process that handled it); false if the reaction touched nothing of the store, so its checkpoint
     *     is still to be saved
     */
    private boolean react(RecordedEvent event) {
        Context context = new Context(event, null);
        MetricsListener.Handling handling = metrics.handling(checkpointName, event);
        try {
            reaction.react(event, context);
            context.finished = true;
            if (context.skipped) {
                return true;
            }
            if (context.streamParked) {
                throw new StreamParkedException();
            }
            if (context.transaction == null) {
                return false;
            }
            checkpoints.within(context.transaction).save(checkpointName, event.position());
            context.transaction.commit();
            known = event.position();
            // This checkpoint covers every event before it, those whose checkpoint waits among them.
            unsaved = 0;
            lastSaved = System.nanoTime();
            context.committed();
            return true;
        } catch (Throwable t) {
            context.finished = true;
            context.rollback();
            if (context.skipped) {
                return true;
            }
            if (context.streamParked) {
                throw new StreamParkedException();
            }
            handling.failed(t);
            if (t instanceof MovedBackException moved) {
                throw moved;
            }
            throw new ReactionFailedException(checkpointName, event, t);
        } finally {
            handling.close();
        }
    }

    // ---------------------------------------------------------------- parking

    /**
     * Parks an event whose reaction kept failing, and moves the checkpoint past it in the same
     * transaction. If another process parked its stream meanwhile, the event waits behind that one.
     */
    private void parkFailed(RecordedEvent event, int attempts, RuntimeException failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        long behind;
        T transaction = store.beginTransaction();
        try {
            checkFence(transaction);
            CheckpointStore joinedCheckpoints = checkpoints.within(transaction);
            long stored = joinedCheckpoints.load(checkpointName);
            checkNotMovedBack(stored);
            if (stored >= event.position()) {
                return; // handled by another process meanwhile
            }
            ParkedEventStore joined = parked.within(transaction);
            behind = headBefore(joined.stream(name, event.streamId()), event.position());
            joined.park(new ParkedEvent(name, event.position(), event.streamId(), event.type(), cause.toString(),
                    attempts, clock.instant(), behind));
            joinedCheckpoints.save(checkpointName, event.position());
            transaction.commit();
            advanced(event.position());
        } finally {
            transaction.close();
        }
        parkedStreams.add(event.streamId());
        metrics.parked(checkpointName, event.position(), cause);
        LOG.error("Reactor '{}' parked the event at position {} ({}@{}, {}) after {} attempts{}; the later events of "
                + "stream '{}' wait behind it", checkpointName, event.position(), event.streamId(), event.version(),
                event.type(), attempts, behind == 0 ? "" : ", behind position " + behind, event.streamId(), cause);
    }

    /**
     * Parks an event of a stream that has a parked event, behind it, and moves the checkpoint past it in
     * the same transaction.
     *
     * @return false if the stream has no parked event any more (released meanwhile): react to it
     */
    private boolean parkBehind(RecordedEvent event) {
        T transaction = store.beginTransaction();
        try {
            checkFence(transaction);
            CheckpointStore joinedCheckpoints = checkpoints.within(transaction);
            long stored = joinedCheckpoints.load(checkpointName);
            checkNotMovedBack(stored);
            if (stored >= event.position()) {
                return true; // handled by another process meanwhile
            }
            // Holds the stream's parked rows: a release of the stream either finished before (and the
            // stream is empty here) or waits for this commit and then finds this event too.
            ParkedEventStore joined = parked.within(transaction);
            long behind = headBefore(joined.stream(name, event.streamId()), event.position());
            if (behind == 0) {
                return false;
            }
            joined.park(new ParkedEvent(name, event.position(), event.streamId(), event.type(), null, 0,
                    clock.instant(), behind));
            joinedCheckpoints.save(checkpointName, event.position());
            transaction.commit();
            advanced(event.position());
            metrics.parked(checkpointName, event.position(), null);
            LOG.info("Reactor '{}' parked the event at position {} ({}@{}) behind the parked event at position {}",
                    checkpointName, event.position(), event.streamId(), event.version(), behind);
            return true;
        } finally {
            transaction.close();
        }
    }

    /**
     * @param stream a stream's parked events, by position
     * @param position an event's position
     * @return the stream's parked event that an event at {@code position} waits behind: its first one,
     *     if it is below {@code position}; 0 if none
     */
    private static long headBefore(List<ParkedEvent> stream, long position) {
        return stream.isEmpty() || stream.get(0).position() >= position ? 0 : stream.get(0).position();
    }

    /** The checkpoint was committed at {@code position} by this instance. */
    private void advanced(long position) {
        known = Math.max(known, position);
        unsaved = 0;
        lastSaved = System.nanoTime();
    }

    /**
     * Retries, or skips, a parked event, then reacts to the events of its stream that wait behind it,
     * in order, on the calling thread; see {@link ParkedEvents}.
     */
    int release(long position, boolean skip) {
        ParkedEvent head = parked.find(name, position).orElseThrow(() -> new IllegalArgumentException(
                "reactor '" + name + "' has no parked event at position " + position));
        if (!head.isHead()) {
            throw new IllegalArgumentException("the event at position " + position + " waits behind the parked event "
                    + "at position " + head.waitingBehind() + " of reactor '" + name + "': retry or skip that one");
        }
        String streamId = head.streamId();
        boolean first = true;
        boolean drop = skip;
        int handled = 0;
        long failing = -1;
        int attempt = 0;
        int conflicts = 0;
        while (true) {
            T transaction = store.beginTransaction();
            Context context = null;
            ParkedEvent next = null;
            RecordedEvent event = null;
            Throwable failed = null;
            boolean reacting = false;
            try {
                // Holds the stream's parked rows, so that the running reactor parks the stream's next event
                // either before this transaction (and this loop finds it) or after (and sees it released).
                ParkedEventStore joined = parked.within(transaction);
                List<ParkedEvent> stream = joined.stream(name, streamId);
                if (first && (stream.isEmpty() || stream.get(0).position() != position)) {
                    throw new IllegalStateException("the parked event at position " + position + " of reactor '" + name
                            + "' was retried or skipped meanwhile");
                }
                first = false;
                if (stream.isEmpty()) {
                    transaction.commit();
                    LOG.info("Reactor '{}': stream '{}' is released ({} parked events handled)", name, streamId, handled);
                    return handled;
                }
                next = stream.get(0);
                if (drop) {
                    joined.remove(name, position);
                    transaction.commit();
                    drop = false;
                    LOG.warn("Reactor '{}': the parked event at position {} ({}, {}) was skipped", name, position,
                            streamId, next.eventType());
                    continue;
                }
                reacting = true;
                event = readParked(transaction, next);
                context = new Context(event, null);
                context.transaction = transaction;
                reaction.react(event, context);
                context.finished = true;
                joined.remove(name, next.position());
                transaction.commit();
                reacting = false;
                context.committed();
                handled++;
            } catch (RuntimeException | Error e) {
                if (!reacting) {
                    throw e;
                }
                failed = e;
            } catch (Exception e) {
                failed = e;
            } finally {
                if (context != null) {
                    context.finished = true;
                }
                transaction.close();
            }
            if (failed == null) {
                continue;
            }
            // As the reactor does: the retry policy's attempts, with its back-off, before giving up.
            if (next.position() != failing) {
                failing = next.position();
                attempt = 0;
                conflicts = 0;
            }
            if (isConflict(failed) && conflicts < MAX_CONFLICTS_IN_A_ROW) {
                conflicts++;
                try {
                    Thread.sleep(conflictPauseMillis(conflicts));
                    continue;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            attempt++;
            if (attempt < retry.maxAttempts()) {
                try {
                    Thread.sleep(retry.delayAfter(attempt).toMillis());
                    continue;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            recordFailure(next, failed, attempt);
            throw event != null ? new ReactionFailedException(name, event, failed)
                    : new IllegalStateException("reactor '" + name + "' could not read the parked event at position "
                            + next.position() + ": " + failed, failed);
        }
    }

    /** A retried event failed again: it heads its stream, and the later events wait behind it. */
    private void recordFailure(ParkedEvent failed, Throwable error, int attempts) {
        store.inTransaction(transaction -> {
            ParkedEventStore joined = parked.within(transaction);
            for (ParkedEvent event : joined.stream(name, failed.streamId())) {
                if (event.position() == failed.position()) {
                    joined.park(new ParkedEvent(name, event.position(), event.streamId(), event.eventType(),
                            error.toString(), event.attempts() + attempts, clock.instant(), 0));
                } else if (event.position() > failed.position()) {
                    joined.park(new ParkedEvent(name, event.position(), event.streamId(), event.eventType(),
                            event.error(), event.attempts(), event.parkedAt(), failed.position()));
                }
            }
            return null;
        });
        LOG.warn("Reactor '{}': the parked event at position {} failed again ({} attempts); it stays parked", name,
                failed.position(), attempts, error);
    }

    private RecordedEvent readParked(T transaction, ParkedEvent event) {
        Optional<RecordedEvent> found;
        if (feed == null) {
            try (Stream<RecordedEvent> read = transaction.readAll(event.position() - 1, 1)) {
                found = read.findFirst();
            }
        } else {
            try {
                found = feed.readNow(event.position() - 1, 1).stream().findFirst();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("reactor '" + name + "' cannot read its feed at position "
                        + event.position() + ": " + e, e);
            }
        }
        return found.filter(e -> e.position() == event.position()).orElseThrow(() -> new IllegalStateException(
                "the parked event at position " + event.position() + " of reactor '" + name + "' is no longer there"));
    }

    /**
     * @return the events this reactor parked: to list, retry and skip them; usable whether the reactor
     *     runs or not, and whether or not it was built to {@linkplain Builder#onPoison park}
     */
    public ParkedEvents parkedEvents() {
        return new ParkedEvents() {
            @Override
            public String consumer() {
                return name;
            }

            @Override
            public List<ParkedEvent> list() {
                return parked.list(name);
            }

            @Override
            public Optional<ParkedEvent> find(long position) {
                return parked.find(name, position);
            }

            @Override
            public int retry(long position) {
                return release(position, false);
            }

            @Override
            public int skip(long position) {
                return release(position, true);
            }
        };
    }

    /** Saves the checkpoint of events whose reactions touched nothing of the store. */
    private void savePending(long position) {
        T transaction = store.beginTransaction();
        try {
            checkFence(transaction);
            CheckpointStore joined = checkpoints.within(transaction);
            long stored = joined.load(checkpointName);
            checkNotMovedBack(stored);
            if (stored < position) {
                joined.save(checkpointName, position);
            }
            transaction.commit();
            known = Math.max(known, position);
            unsaved = 0;
            lastSaved = System.nanoTime();
        } finally {
            transaction.close();
        }
    }

    /** Stops the reactor if its fence says another process has taken its work over. */
    private void checkFence(T transaction) {
        if (fence != null && !fence.test(transaction)) {
            throw new FencedException("Reactor '" + checkpointName + "' no longer holds its partition: another "
                    + "member of its consumer group has taken it over. This reactor stops without committing; the "
                    + "new owner carries on from the checkpoint.");
        }
    }

    private void checkNotMovedBack(long stored) {
        if (stored < known) {
            throw new MovedBackException("The checkpoint of reactor '" + checkpointName + "' went back from " + known + " to "
                    + stored + ": another process is rebuilding it. This reactor stops rather than skip events; "
                    + "start it again once the rebuild is done.");
        }
    }

    // ---------------------------------------------------------------- deadlines

    private void runDeadlines() {
        int storeFailures = 0;
        while (!closing) {
            try {
                Instant now = clock.instant();
                List<Deadline> due = deadlines.due(name, now, DEADLINES_PER_LOOK);
                for (Deadline deadline : due) {
                    if (closing || !fire(deadline)) {
                        break;
                    }
                }
                storeFailures = 0;
                if (due.size() == DEADLINES_PER_LOOK) {
                    continue;
                }
                long wait = deadlinePollMillis;
                Optional<Instant> next = deadlines.nextDue(name);
                if (next.isPresent()) {
                    wait = Math.min(wait, Math.max(1, Duration.between(clock.instant(), next.get()).toMillis()));
                }
                awaitDeadlineWake(wait);
            } catch (ReactionFailedException failed) {
                deadlineFailure = new SubscriptionFailedException(checkpointName, known, known, retry.maxAttempts(),
                        failed);
                LOG.error("Reactor '{}' stopped: {}", name, failed.getMessage(), failed);
                closing = true;
                subscription.close();
                return;
            } catch (RuntimeException storeFailure) {
                if (closing) {
                    return;
                }
                storeFailures++;
                long wait = Math.min(STORE_BACKOFF_MAX_MILLIS, STORE_BACKOFF_FIRST_MILLIS << Math.min(storeFailures - 1, 16));
                LOG.warn("Reactor '{}' cannot read its deadlines (failure {}); retrying in {} ms", name, storeFailures,
                        wait, storeFailure);
                awaitDeadlineWake(wait);
            }
        }
    }

    /**
     * Fires one deadline, retrying as the retry policy says.
     *
     * @return false if the reactor is closing
     * @throws ReactionFailedException if the handler kept failing
     */
    private boolean fire(Deadline deadline) {
        for (int attempt = 1;; attempt++) {
            T transaction = store.beginTransaction();
            Context context = null;
            try {
                if (!deadlines.within(transaction).claim(deadline)) {
                    return true; // cancelled, rescheduled, or fired by another process meanwhile
                }
                context = new Context(null, deadline);
                context.transaction = transaction;
                deadlineHandler.fire(deadline, context);
                context.finished = true;
                transaction.commit();
                context.committed();
                return true;
            } catch (Exception e) {
                if (StoreUnavailableException.isIn(e)) {
                    // Not counted: the deadline loop backs off and looks again.
                    throw new IllegalStateException("the store is unavailable while firing " + deadline, e);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new ReactionFailedException(name, deadline, e);
                }
                long wait = retry.delayAfter(attempt).toMillis();
                LOG.warn("Reactor '{}': firing {} failed (attempt {} of {}); retrying in {} ms", name, deadline,
                        attempt, retry.maxAttempts(), wait, e);
                transaction.close();
                if (!awaitDeadlineWake(wait) && closing) {
                    return false;
                }
            } finally {
                if (context != null) {
                    context.finished = true;
                }
                transaction.close();
            }
        }
    }

    /** Waits for a wake-up or the timeout; returns true if woken by a deadline scheduled here. */
    private boolean awaitDeadlineWake(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (deadlineLock) {
            while (!deadlineScheduled && !closing) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(deadlineLock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closing = true;
                }
            }
            boolean scheduled = deadlineScheduled;
            deadlineScheduled = false;
            return scheduled;
        }
    }

    private void checkDeadlineFailure() {
        SubscriptionFailedException failure = deadlineFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Unwinds a reaction whose event another process has handled meanwhile. */
    private static final class AlreadyHandledException extends RuntimeException {
        AlreadyHandledException() {
            super("the event was handled by another process meanwhile", null, false, false);
        }
    }

    /** Unwinds a reaction whose stream has a parked event that this instance did not know of. */
    private static final class StreamParkedException extends RuntimeException {
        StreamParkedException() {
            super("the event's stream has a parked event", null, false, false);
        }
    }

    /** The checkpoint was moved back by a rebuild elsewhere: stop, and say so. */
    private static class MovedBackException extends IllegalStateException {
        MovedBackException(String message) {
            super(message);
        }
    }

    /** The reactor's fence failed (its partition was taken over): stop at once, like a moved checkpoint. */
    private static final class FencedException extends MovedBackException {
        FencedException(String message) {
            super(message);
        }
    }

    /** One reaction's, or one deadline's, context. Used by one thread. */
    private final class Context implements ReactionContext<T> {
        private final RecordedEvent event;
        private final Deadline deadline;
        private T transaction;
        private boolean skipped;
        private boolean streamParked;
        private boolean finished;
        private boolean scheduled;
        private int commands;

        Context(RecordedEvent event, Deadline deadline) {
            this.event = event;
            this.deadline = deadline;
        }

        @Override
        public String reactorName() {
            return name;
        }

        @Override
        public T transaction() {
            if (finished) {
                throw new IllegalStateException("the reaction of reactor '" + name + "' has returned; its context "
                        + "is no longer usable");
            }
            if (skipped) {
                throw new AlreadyHandledException();
            }
            if (streamParked) {
                throw new StreamParkedException();
            }
            if (transaction == null) {
                T opened = store.beginTransaction();
                try {
                    checkFence(opened);
                    long stored = checkpoints.within(opened).load(checkpointName);
                    checkNotMovedBack(stored);
                    if (stored >= event.position()) {
                        skipped = true;
                        opened.close();
                        throw new AlreadyHandledException();
                    }
                    // Under the checkpoint's lock: a stream parked by another process of this name is
                    // seen here even if this one's list of parked streams does not have it yet.
                    if (poison == Poison.PARK
                            && headBefore(parked.within(opened).stream(name, event.streamId()), event.position()) > 0) {
                        streamParked = true;
                        opened.close();
                        throw new StreamParkedException();
                    }
                } catch (RuntimeException e) {
                    opened.close();
                    throw e;
                }
                transaction = opened;
            }
            return transaction;
        }

        @Override
        public <C, S, E> CommandResult<S, E> handle(CommandHandler<C, S, E> handler, String streamId, C command) {
            return handle(handler, streamId, command, Integer.toString(++commands));
        }

        @Override
        public <C, S, E> CommandResult<S, E> handle(CommandHandler<C, S, E> handler, String streamId, C command,
                String key) {
            Args.notNull("handler", handler);
            EventMetadata metadata = metadata(key);
            return handler.within(transaction()).handle(streamId, command, metadata);
        }

        @Override
        public String commandId(String key) {
            Args.name("key", key, MAX_KEY_LENGTH);
            String cause = event != null ? event.id().toString()
                    : "deadline:" + deadline.key() + "@" + deadline.dueAt().toEpochMilli();
            String id = name + "/" + cause + "/" + key;
            return id.length() <= MAX_COMMAND_ID_LENGTH ? id : Uuids.v5(LONG_ID_NAMESPACE, id).toString();
        }

        @Override
        public EventMetadata metadata(String key) {
            String id = commandId(key);
            return event != null ? EventMetadata.causedBy(event).withCommandId(id) : EventMetadata.forCommand(id);
        }

        @Override
        public void schedule(String key, Instant dueAt, String data) {
            if (deadlineHandler == null) {
                throw new IllegalStateException("reactor '" + name + "' has no deadline handler; give it one with "
                        + "onDeadline(...) before scheduling deadlines");
            }
            Deadline scheduledDeadline = new Deadline(name, key, dueAt, data);
            deadlines.within(transaction()).schedule(scheduledDeadline);
            scheduled = true;
        }

        @Override
        public void schedule(String key, Duration delay, String data) {
            Args.notNull("delay", delay);
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, was: " + delay);
            }
            schedule(key, now().plus(delay), data);
        }

        @Override
        public boolean cancel(String key) {
            Args.name("key", key, Deadline.MAX_NAME_LENGTH);
            return deadlines.within(transaction()).cancel(name, key);
        }

        @Override
        public Optional<Deadline> deadline(String key) {
            Args.name("key", key, Deadline.MAX_NAME_LENGTH);
            return deadlines.within(transaction()).find(name, key);
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        void committed() {
            if (scheduled) {
                synchronized (deadlineLock) {
                    deadlineScheduled = true;
                    deadlineLock.notifyAll();
                }
            }
        }

        void rollback() {
            if (transaction != null) {
                transaction.close();
            }
        }
    }

    /**
     * Builds and starts a {@link Reactor}; each setter checks its value at once.
     *
     * @param <T> the store's transaction type
     */
    public static final class Builder<T extends EventTransaction> {
        private final String name;
        private final TransactionalEventStore<T> store;
        private EventFilter filter = EventFilter.all();
        private EventFeed feed;
        private Reaction<T> reaction;
        private DeadlineHandler<T> deadlineHandler;
        private CheckpointStore checkpoints;
        private DeadlineStore deadlines;
        private RetryPolicy retry = RetryPolicy.defaults();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Clock clock = Clock.systemUTC();
        private Duration deadlinePollInterval = DEFAULT_DEADLINE_POLL_INTERVAL;
        private Duration checkpointInterval = Duration.ZERO;
        private int partitionIndex;
        private int partitionCount = 1;
        private TransactionWork<? super T, ?> onReset = transaction -> null;
        private Poison poison = Poison.STOP;
        private ParkedEventStore parked;
        private Predicate<? super T> fence;

        private Builder(String name, TransactionalEventStore<T> store) {
            this.name = name;
            this.store = store;
        }

        /**
         * @param filter the events to react to (default all); applied to a feed's entries too
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> filter(EventFilter filter) {
            this.filter = Args.notNull("filter", filter);
            return this;
        }

        /**
         * Follows another service's feed instead of this store's log: an inbox whose checkpoint (a
         * position in the feed) commits in this store with the effects of each entry.
         *
         * @param feed the feed
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> source(EventFeed feed) {
            this.feed = Args.notNull("feed", feed);
            return this;
        }

        /**
         * @param reaction what to do with each event; required
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> reaction(Reaction<T> reaction) {
            this.reaction = Args.notNull("reaction", reaction);
            return this;
        }

        /**
         * @param handler what to do when a deadline is due; required for reactions that schedule them
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> onDeadline(DeadlineHandler<T> handler) {
            this.deadlineHandler = Args.notNull("handler", handler);
            return this;
        }

        /**
         * @param checkpoints where the reactor's checkpoint is kept (default the store's own); one that
         *     does not join the store's transactions makes effects at least once
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> checkpoints(CheckpointStore checkpoints) {
            this.checkpoints = Args.notNull("checkpoints", checkpoints);
            return this;
        }

        /**
         * @param deadlines where the reactor's deadlines are kept (default the store's own)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> deadlines(DeadlineStore deadlines) {
            this.deadlines = Args.notNull("deadlines", deadlines);
            return this;
        }

        /**
         * @param retry how a failing reaction or deadline is retried before the reactor stops
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> retry(RetryPolicy retry) {
            this.retry = Args.notNull("retry", retry);
            return this;
        }

        /**
         * What to do with a poison event: one whose reaction still fails when the {@link #retry retry
         * policy}'s attempts are used up.
         *
         * <p>{@link Poison#STOP} (the default) stops the reactor with the event's position and the error.
         * {@link Poison#PARK} records the event in the {@link #parkedEvents parked event store} (its
         * position, stream, type, error and attempts), moves the checkpoint past it in the same
         * transaction, and goes on. From then on the later events of the same stream are parked behind it
         * unhandled ("waiting behind position P"), in the same way, so that a stream's events are never
         * reacted to out of order; the events of other streams go on. {@link Reactor#parkedEvents()}
         * lists, retries and skips them; parked events outlive a restart, since they are in the store.
         *
         * @param poison what to do
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> onPoison(Poison poison) {
            this.poison = Args.notNull("poison", poison);
            return this;
        }

        /**
         * @param parked where parked events are kept (default the store's own); one that does not join the
         *     store's transactions parks an event apart from the checkpoint that moves past it
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> parkedEvents(ParkedEventStore parked) {
            this.parked = Args.notNull("parked", parked);
            return this;
        }

        /**
         * @param batchSize the most events read at once (each still reacts in a transaction of its own)
         * @return this builder
         * @throws IllegalArgumentException if below 1 or above {@value SubscriptionOptions#MAX_BATCH_SIZE}
         */
        public Builder<T> batchSize(int batchSize) {
            SubscriptionOptions.builder(filter).batchSize(batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param clock what deadlines are scheduled and fired by (default the system clock, UTC)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Args.notNull("clock", clock);
            return this;
        }

        /**
         * @param interval the longest time between two looks for due deadlines: how late a deadline
         *     scheduled by another process fires at most (default 1 s)
         * @return this builder
         * @throws IllegalArgumentException if null, or not between 1 ms and 1 hour
         */
        public Builder<T> deadlinePollInterval(Duration interval) {
            Args.notNull("interval", interval);
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("deadlinePollInterval must be between 1 ms and 1 hour, was: "
                        + interval);
            }
            this.deadlinePollInterval = interval;
            return this;
        }

        /**
         * Makes this reactor one of {@code count} reactors of its name that share the events of the
         * filter: it reacts only to those of the streams in partition {@code index}
         * ({@link Reactor#partitionOf}), and lets the others pass as if filtered out. Start {@code count}
         * reactors of one name, one for each index, to have every event reacted to: each stream's events
         * by one of them, in order, while the streams of different partitions are reacted to at once.
         *
         * <p>What derives from the name stays the name's: a command handled, or a call made, for an
         * event carries the same {@linkplain ReactionContext#commandId(String) id} in whichever partition
         * it falls, so partitioning books nothing twice; a deadline scheduled in one partition fires
         * once, in any of them. Each partition keeps its own checkpoint, under
         * {@link Reactor#checkpointName() name#i/n}, and fails, or is rebuilt, on its own. A partition
         * whose checkpoint is new starts where the reactor of the same name stopped before it was
         * partitioned, or from the beginning: after changing {@code count}, the events after that point
         * are reacted to again, with the same ids, and their calls to other services are made again.
         *
         * @param index this reactor's partition, from 0 to {@code count - 1}
         * @param count how many partitions, 1 (the default: every event) to 1024
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is not between 1 and 1024, or {@code index} not
         *     between 0 and {@code count - 1}
         */
        public Builder<T> partition(int index, int count) {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException("count must be between 1 and 1024, was: " + count);
            }
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("index must be between 0 and " + (count - 1) + ", was: " + index);
            }
            this.partitionIndex = index;
            this.partitionCount = count;
            return this;
        }

        /**
         * How long the checkpoint may wait to be saved after events whose reactions left nothing to
         * commit: those that only called another service, and those that ignored their event. A
         * reaction that commits saves the checkpoint with its effects, always.
         *
         * <p>Zero, the default, saves it after each batch of such events, in a transaction of its own.
         * Each such save is a commit, which on a disk-backed store waits for the disk: a reactor that
         * calls another service for most events, or ignores most of the events it reads, commits about
         * as often as it reads. With an interval, the checkpoint is saved at most that often, with the
         * next reaction that commits (its checkpoint covers the events before it), and when the reactor
         * is {@linkplain Reactor#close() closed}.
         *
         * <p>The price: after a crash, or when the store is closed before the reactor, the reactor starts
         * again from the last saved checkpoint and reacts again to the events after it, up to this
         * interval's worth of them and those of a last batch before a quiet spell. Their calls to other
         * services are made again, under the same {@linkplain ReactionContext#commandId(String) command
         * ids}, which is what a receiver that books each command id once is for. Local effects still
         * happen once. {@link Reactor#position()} and {@link Reactor#awaitPosition} tell what was reacted
         * to, not what was saved.
         *
         * @param interval the longest time between two saves of such a checkpoint while events arrive;
         *     between zero and one hour
         * @return this builder
         * @throws IllegalArgumentException if null, negative or above one hour
         */
        public Builder<T> checkpointInterval(Duration interval) {
            Args.notNull("interval", interval);
            if (interval.isNegative() || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("checkpointInterval must be between 0 and 1 hour, was: " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * Fences the reactor's transactions: each one that reacts to an event or saves the checkpoint
         * first asks {@code fence}, and if it answers false the reactor stops at once, committing nothing
         * (no retry). A {@link ConsumerGroup} fences a partition's reactor with the partition's lease.
         *
         * @param fence asked with each transaction before it changes anything
         * @return this builder
         */
        Builder<T> fence(Predicate<? super T> fence) {
            this.fence = Args.notNull("fence", fence);
            return this;
        }

        /**
         * @param onReset what {@link #rebuild()} empties besides the checkpoint (the reactor's own
         *     tables, say), in the same transaction; default nothing
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<T> onReset(TransactionWork<? super T, ?> onReset) {
            this.onReset = Args.notNull("onReset", onReset);
            return this;
        }

        /**
         * Starts the reactor after its checkpoint.
         *
         * @return the running reactor
         * @throws IllegalStateException if no reaction was given, or the store is closed
         * @throws EventStoreException if the checkpoint cannot be read
         */
        public Reactor<T> start() {
            prepare();
            String own = checkpointName();
            long start = checkpoints.load(own);
            if (start == 0 && !own.equals(name)) {
                // A partition new to this store starts where the reactor of the same name stopped before it
                // was partitioned: that one had reacted to every stream up to there.
                start = checkpoints.load(name);
                if (start > 0) {
                    checkpoints.save(own, start);
                }
            }
            return create(start);
        }

        /**
         * Reacts to the whole log again: moves the checkpoint back to 0 (running {@link #onReset} in the
         * same transaction), then starts. Commands handled again carry the ids they had the first time
         * and so book nothing twice; deadlines scheduled again replace themselves. Effects outside the
         * store happen again, keyed as before. The reactor's parked events (those of its partition) are
         * forgotten in the same transaction: the rebuild reacts to them again, and parks them again if
         * they still fail.
         *
         * @return the running reactor
         * @throws IllegalStateException if no reaction was given, or the store is closed
         * @throws RuntimeException what the reset threw; nothing was changed
         */
        public Reactor<T> rebuild() {
            prepare();
            String own = checkpointName();
            LOG.info("Rebuilding reactor '{}': its checkpoint goes back to 0", own);
            store.inTransaction(transaction -> {
                CheckpointStore joined = checkpoints.within(transaction);
                joined.load(own);
                joined.save(own, 0);
                ParkedEventStore joinedParked = parked.within(transaction);
                for (ParkedEvent event : joinedParked.list(name)) {
                    if (partitionCount == 1 || partitionOf(event.streamId(), partitionCount) == partitionIndex) {
                        joinedParked.remove(name, event.position());
                    }
                }
                onReset.apply(transaction);
                return null;
            });
            return create(0);
        }

        private void prepare() {
            if (reaction == null) {
                throw new IllegalStateException("reactor '" + name + "' needs a reaction; call reaction(...)");
            }
            if (checkpoints == null) {
                checkpoints = store.checkpointStore();
            }
            if (deadlines == null) {
                deadlines = store.deadlineStore();
            }
            if (parked == null) {
                parked = store.parkedEventStore();
            }
        }

        private String checkpointName() {
            return Reactor.checkpointName(name, partitionIndex, partitionCount);
        }

        private Reactor<T> create(long start) {
            return new Reactor<>(this, start).run(start);
        }
    }
}
