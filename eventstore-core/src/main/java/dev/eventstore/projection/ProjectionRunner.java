package dev.eventstore.projection;

import dev.eventstore.EventStore;
import dev.eventstore.EventStoreException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.internal.Args;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Projection} as a named catch-up subscription: from the projection's checkpoint,
 * a batch at a time, each batch applied and the checkpoint moved by the projection, then live. A
 * runner started again over the same checkpoint (after a restart, or a {@link #close()}) resumes
 * after the last batch applied: nothing is skipped, and nothing applied is delivered again unless
 * the process stopped between applying a batch and saving its checkpoint (at-least-once; a
 * projection that commits both together gets exactly once).
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.start(store, projection)) {
 *     ...
 * }
 * // or, to start over from position 0:
 * ProjectionRunner runner = ProjectionRunner.builder(store, projection).rebuild();
 * }</pre>
 *
 * <h2>Failures</h2>
 * A batch whose {@link Projection#apply} throws is delivered again with back-off, as the
 * {@link RetryPolicy} says; when the attempts are used up the runner stops, with the error logged,
 * in {@link #failure()}, and completing {@link #stopped()} exceptionally. It never moves past a
 * batch it could not apply. A store that cannot be read is retried until it answers again.
 *
 * <h2>Progress</h2>
 * While it catches up (and while it rebuilds), the runner logs at INFO, at most once per
 * {@link Builder#progressInterval(Duration) interval}, the events done, the position reached out of
 * the head position seen at the start (the events to come are counted approximately, as positions,
 * when the projection filters the log) and the rate; and one line when it has caught up.
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    /** The default least time between two progress lines. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private final Projection projection;
    private final Subscription subscription;

    private ProjectionRunner(Projection projection, Subscription subscription) {
        this.projection = projection;
        this.subscription = subscription;
    }

    /**
     * Starts a projection from its checkpoint with the default options.
     *
     * @param store the store to read
     * @param projection the projection
     * @return the running runner
     * @throws IllegalArgumentException if an argument is null
     * @throws IllegalStateException if the store is closed
     * @throws EventStoreException if the checkpoint cannot be read
     */
    public static ProjectionRunner start(EventStore store, Projection projection) {
        return builder(store, projection).start();
    }

    /**
     * @param store the store to read
     * @param projection the projection
     * @return a builder with a batch size of {@value SubscriptionOptions#DEFAULT_BATCH_SIZE}, the
     *     default retry policy and progress lines every 5 seconds
     * @throws IllegalArgumentException if an argument is null
     */
    public static Builder builder(EventStore store, Projection projection) {
        return new Builder(Args.notNull("store", store), Args.notNull("projection", projection));
    }

    /** @return the projection it runs */
    public Projection projection() {
        return projection;
    }

    /** @return the position of the last event applied, or the start position if none yet */
    public long position() {
        return subscription.position();
    }

    /** @return where the runner's subscription is in its life */
    public Subscription.State state() {
        return subscription.state();
    }

    /** @return the error the runner stopped with, if its projection kept failing */
    public Optional<SubscriptionFailedException> failure() {
        return subscription.failure();
    }

    /**
     * Waits until every event a reader could see when this method was called has been applied.
     *
     * @param timeout the longest wait
     * @return true when caught up; false if the time ran out or the runner was closed first
     * @throws SubscriptionFailedException if the runner has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return subscription.awaitCaughtUp(timeout);
    }

    /**
     * Waits until every event at or below {@code position} that the projection wants has been
     * applied: for reading a read model right after an append whose {@link dev.eventstore.AppendResult}
     * the caller holds ("read your writes"). It waits for the event to become visible to readers of the
     * log first (on a store whose writers run concurrently, once every older transaction has ended),
     * without the caller polling.
     *
     * @param position the position, typically {@code appendResult.lastPosition()}; 0 returns at once
     * @param timeout the longest wait
     * @return true when applied; false if the time ran out or the runner was closed first
     * @throws SubscriptionFailedException if the runner has failed, or fails while waiting
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code position} is negative, or {@code timeout} null or
     *     negative
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        return subscription.awaitPosition(position, timeout);
    }

    /**
     * @return a future that completes when the runner stops: normally after {@link #close()},
     *     exceptionally with a {@link SubscriptionFailedException} if the projection kept failing
     */
    public CompletableFuture<Void> stopped() {
        return subscription.stopped();
    }

    /**
     * Stops the runner: the batch being applied is finished (and its checkpoint saved), nothing more
     * is applied. Calling it again is harmless.
     */
    @Override
    public void close() {
        subscription.close();
    }

    @Override
    public String toString() {
        return "ProjectionRunner[" + projection.name() + ", " + state() + " at position " + position() + "]";
    }

    /** Builds and starts a {@link ProjectionRunner}; each setter checks its value at once. */
    public static final class Builder {
        private final EventStore store;
        private final Projection projection;
        private int batchSize = SubscriptionOptions.DEFAULT_BATCH_SIZE;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;

        private Builder(EventStore store, Projection projection) {
            this.store = store;
            this.projection = projection;
        }

        /**
         * @param batchSize the most events applied in one {@link Projection#apply} call: for a
         *     transactional projection, the most events per transaction
         * @return this builder
         * @throws IllegalArgumentException if below 1 or above {@value SubscriptionOptions#MAX_BATCH_SIZE}
         */
        public Builder batchSize(int batchSize) {
            // Checked by the options builder, whose message names the limits.
            SubscriptionOptions.builder(projection.filter()).batchSize(batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param retry how a failing batch is retried before the runner stops
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Args.notNull("retry", retry);
            return this;
        }

        /**
         * @param progressInterval the least time between two progress lines while catching up;
         *     {@link Duration#ZERO} logs after every batch
         * @return this builder
         * @throws IllegalArgumentException if null or negative
         */
        public Builder progressInterval(Duration progressInterval) {
            Args.notNull("progressInterval", progressInterval);
            if (progressInterval.isNegative()) {
                throw new IllegalArgumentException("progressInterval must not be negative, was: " + progressInterval);
            }
            this.progressInterval = progressInterval;
            return this;
        }

        /**
         * Starts the projection after its checkpoint.
         *
         * @return the running runner
         * @throws IllegalArgumentException if the projection's name is invalid
         * @throws IllegalStateException if the store is closed
         * @throws EventStoreException if the checkpoint cannot be read
         */
        public ProjectionRunner start() {
            long checkpoint;
            try {
                checkpoint = projection.checkpoint();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new EventStoreException("Cannot read the checkpoint of projection '" + projection.name() + "'",
                        e);
            }
            Args.atLeast("checkpoint of projection '" + projection.name() + "'", checkpoint, 0);
            return run(checkpoint, "catch-up");
        }

        /**
         * Rebuilds the projection: {@link Projection#reset() resets} it, replays the log from
         * position 0 with progress lines, then goes on live.
         *
         * @return the running runner
         * @throws IllegalArgumentException if the projection's name is invalid
         * @throws IllegalStateException if the store is closed
         * @throws EventStoreException if the projection's reset throws a checked exception; nothing is
         *     replayed (an unchecked one is rethrown as it is)
         */
        public ProjectionRunner rebuild() {
            LOG.info("Rebuilding projection '{}': resetting it, then replaying the log up to position {} and on",
                    projection.name(), store.headPosition());
            try {
                projection.reset();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new EventStoreException("Cannot reset projection '" + projection.name() + "'", e);
            }
            return run(0, "rebuild");
        }

        private ProjectionRunner run(long afterPosition, String what) {
            SubscriptionOptions options = SubscriptionOptions.builder(projection.filter())
                    .name(projection.name())
                    .afterPosition(afterPosition)
                    .batchSize(batchSize)
                    .retry(retry)
                    .build();
            Progress progress = new Progress(projection.name(), what, afterPosition, store.headPosition(),
                    progressInterval.toNanos());
            Subscription subscription = store.subscribeBatches(options, events -> {
                projection.apply(events);
                RecordedEvent last = events.get(events.size() - 1);
                progress.handled(events.size(), last.position());
            });
            watchCatchUp(subscription, progress);
            return new ProjectionRunner(projection, subscription);
        }

        /**
         * Logs the end of the catch-up. A subscription does not tell its handler when it has caught
         * up (a filtered projection may see no event near the head), so a short-lived thread asks it.
         */
        private void watchCatchUp(Subscription subscription, Progress progress) {
            Thread watcher = new Thread(() -> {
                try {
                    while (true) {
                        if (subscription.awaitCaughtUp(Duration.ofMinutes(1))) {
                            progress.caughtUp();
                            return;
                        }
                        if (subscription.state() == Subscription.State.CLOSED) {
                            return;
                        }
                    }
                } catch (SubscriptionFailedException e) {
                    // The subscription has logged it, and the runner reports it.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "eventstore-projection-progress-" + projection.name());
            watcher.setDaemon(true);
            watcher.start();
        }
    }
}
