package dev.eventstore;

import dev.eventstore.reactor.ParkedEvents;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running catch-up subscription: it delivers the events after its start position that pass its
 * filter, in position order, first those already recorded, then live ones as they are appended.
 * It never skips an event, even when concurrent writers commit out of the order in which they
 * started, and it delivers each event at least once.
 *
 * <p>The subscription runs on a thread of its own until {@link #close()} is called, its store is
 * closed, or its handler has failed on one event as often as its {@link RetryPolicy} allows. Failures
 * to read the store (a lost database connection) do not stop it: it logs them, backs off, and
 * resumes from its position once the store answers again.
 *
 * <p>A per-event subscription built with {@link SubscriptionOptions.Builder#onPoison
 * onPoison(Poison.PARK)} does not stop on such an event: it parks it and goes on; see
 * {@link #parkedEvents()}.
 */
public interface Subscription extends AutoCloseable {

    /** The life of a subscription. */
    enum State {
        /** Delivering events recorded before it caught up with the log for the first time. */
        CATCHING_UP,
        /** Caught up at least once; delivering new events as they come. */
        LIVE,
        /** Stopped by {@link #close()} or by the store's closing. */
        CLOSED,
        /** Stopped because its handler kept failing; see {@link #failure()}. */
        FAILED
    }

    /** @return the name given in its options, used in log lines and thread names */
    String name();

    /** @return which events it delivers */
    EventFilter filter();

    /**
     * @return the position of the last event its handler finished with, or the start position if none
     *     yet. Restarting from this position misses nothing.
     */
    long position();

    /** @return where it is in its life */
    State state();

    /** @return the error it stopped with, if it is {@link State#FAILED} */
    Optional<SubscriptionFailedException> failure();

    /**
     * Waits until the subscription has delivered every event that a reader could see when this method
     * was called.
     *
     * @param timeout the longest wait
     * @return true when caught up; false if the time ran out or the subscription was closed first
     * @throws SubscriptionFailedException if the subscription has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

    /**
     * Waits until the subscription has handled every event at or below a position that passes its
     * filter: for example until a projection has applied an append whose {@link AppendResult} the
     * caller holds. It waits for the event to become visible to readers of the log first (on
     * a store whose writers run concurrently, that is once every older transaction has ended), without
     * the caller polling.
     *
     * @param position the position, typically {@link AppendResult#lastPosition()}; 0 returns at once
     * @param timeout the longest wait
     * @return true when handled; false if the time ran out or the subscription was closed first
     * @throws SubscriptionFailedException if the subscription has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code position} is negative, or {@code timeout} null or
     *     negative
     */
    boolean awaitPosition(long position, Duration timeout) throws InterruptedException;

    /**
     * The events this subscription parked: to list, retry and skip them. Retried and released events are
     * handed to this subscription's handler on the calling thread, also after the subscription was
     * closed or failed; see {@link ParkedEvents}. A subscription's parked events are kept in its store
     * under its name, so a subscription of the same name started later (after a restart, say) finds them
     * again: it records the later events of their streams as waiting, and its {@code parkedEvents()}
     * retries and skips them.
     *
     * @return the parked events of this subscription
     * @throws IllegalStateException if the subscription was not built to park
     *     ({@link SubscriptionOptions#poison()} is {@link dev.eventstore.reactor.Poison#STOP})
     */
    default ParkedEvents parkedEvents() {
        throw new IllegalStateException("subscription '" + name() + "' does not park poison events: build it with "
                + "SubscriptionOptions.Builder.onPoison(Poison.PARK)");
    }

    /**
     * @return a future that completes when the subscription stops: normally after {@link #close()},
     *     exceptionally with a {@link SubscriptionFailedException} if its handler kept failing.
     *     Completing the returned future does not affect the subscription.
     */
    CompletableFuture<Void> stopped();

    /**
     * Stops the subscription promptly: it finishes the event it is handling, delivers nothing more,
     * and its thread ends. Waits up to a few seconds for that; calling it again, or from the handler
     * itself, is harmless.
     */
    @Override
    void close();
}
