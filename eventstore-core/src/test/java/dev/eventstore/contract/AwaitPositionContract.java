package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventHandler;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.contract.SubscriptionContract.Recorder;
import dev.eventstore.memory.InMemoryCheckpointStore;
import dev.eventstore.projection.Projection;
import dev.eventstore.projection.ProjectionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a position ("read your writes" from a subscription or a projection): true once every
 * event at or below it that passes the filter is handled, false when the time runs out, an error when
 * the subscription has failed.
 */
public interface AwaitPositionContract extends StoreFixture {

    /** How long the tests wait for something that must not happen. */
    Duration SHORT = Duration.ofMillis(200);

    /**
     * A position far above any the store hands out in a test, on every backend (PostgreSQL's positions
     * are transaction ids shifted left by 16 bits).
     */
    long NEVER_WRITTEN = Long.MAX_VALUE / 4;

    private Subscription subscribe(EventFilter filter, EventHandler handler) {
        return store().subscribe(SubscriptionOptions.builder(filter).retry(FAST_RETRY).build(), handler);
    }

    @Test
    default void awaitPositionReturnsOnceTheEventAtThatPositionIsHandled() throws Exception {
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), recorder)) {
            for (int i = 0; i < 10; i++) {
                List<EventData> events = events("Placed", 2);
                AppendResult result = store().append(newStream("order"), dev.eventstore.ExpectedVersion.noStream(),
                        events);

                assertThat(subscription.awaitPosition(result.lastPosition(), TIMEOUT)).isTrue();

                assertThat(ids(recorder.events())).as("handled when awaitPosition returned")
                        .containsAll(dataIds(events));
                assertThat(subscription.position()).isGreaterThanOrEqualTo(result.lastPosition());
            }
        }
    }

    @Test
    default void awaitPositionOfAPositionAlreadyHandledReturnsAtOnce() throws Exception {
        AppendResult result = appendEvents(newStream("order"), 3);
        try (Subscription subscription = subscribe(EventFilter.all(), new Recorder())) {
            assertThat(subscription.awaitPosition(result.lastPosition(), TIMEOUT)).isTrue();

            assertThat(subscription.awaitPosition(result.lastPosition(), Duration.ZERO)).isTrue();
            assertThat(subscription.awaitPosition(0, Duration.ZERO)).isTrue();
        }
    }

    /**
     * A caller that appended an event the subscription does not want still learns when the subscription
     * has read past it: a read model of one category is up to date with an append to another.
     */
    @Test
    default void awaitPositionOfAnEventTheFilterExcludesReturnsOnceTheSubscriptionHasReadPastIt()
            throws Exception {
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.category("wanted"), recorder)) {
            AppendResult wanted = appendEvents(newStream("wanted"), 1);
            AppendResult excluded = appendEvents(newStream("other"), 1);

            assertThat(subscription.awaitPosition(excluded.lastPosition(), TIMEOUT)).isTrue();
            assertThat(recorder.events()).extracting(RecordedEvent::position).containsExactly(wanted.lastPosition());

            // Nothing the subscription wants follows this one: it is covered by a read that found the end.
            AppendResult last = appendEvents(newStream("other"), 2);
            assertThat(subscription.awaitPosition(last.lastPosition(), TIMEOUT)).isTrue();
            assertThat(recorder.events()).hasSize(1);
        }
    }

    @Test
    default void awaitPositionOfAPositionNeverWrittenIsFalseOnceTheTimeRunsOut() throws Exception {
        appendEvents(newStream("order"), 2);
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), recorder)) {
            long start = System.nanoTime();

            assertThat(subscription.awaitPosition(NEVER_WRITTEN, SHORT)).isFalse();

            assertThat(System.nanoTime() - start).as("waited the whole timeout")
                    .isGreaterThanOrEqualTo(SHORT.toNanos());
            // Still running: it goes on delivering.
            AppendResult later = appendEvents(newStream("order"), 1);
            assertThat(subscription.awaitPosition(later.lastPosition(), TIMEOUT)).isTrue();
            assertThat(recorder.events()).hasSize(3);
        }
    }

    @Test
    default void awaitPositionOfAClosedSubscriptionIsFalseWithoutWaitingTheTimeout() throws Exception {
        Subscription subscription = subscribe(EventFilter.all(), new Recorder());
        subscription.close();
        long start = System.nanoTime();

        assertThat(subscription.awaitPosition(NEVER_WRITTEN, TIMEOUT)).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(2));
    }

    @Test
    default void awaitPositionThrowsOnceTheSubscriptionHasFailed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Subscription subscription = subscribe(EventFilter.all(), event -> {
            attempts.incrementAndGet();
            throw new SubscriptionContract.HandlerFailure("cannot handle " + event.position());
        });
        try {
            AppendResult poison = appendEvents(newStream("order"), 1);

            // It fails while the caller waits...
            assertThatThrownBy(() -> subscription.awaitPosition(poison.lastPosition(), TIMEOUT))
                    .isInstanceOf(SubscriptionFailedException.class)
                    .hasMessageContaining(Long.toString(poison.lastPosition()));
            // ...and every later wait fails at once, for any position.
            assertThatThrownBy(() -> subscription.awaitPosition(NEVER_WRITTEN, TIMEOUT))
                    .isInstanceOf(SubscriptionFailedException.class);
            assertThat(attempts.get()).isEqualTo(FAST_RETRY.maxAttempts());
        } finally {
            subscription.close();
        }
    }

    @Test
    default void awaitPositionRefusesBadArguments() {
        try (Subscription subscription = subscribe(EventFilter.all(), new Recorder())) {
            assertThatThrownBy(() -> subscription.awaitPosition(-1, TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position")
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> subscription.awaitPosition(1, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            assertThatThrownBy(() -> subscription.awaitPosition(1, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        }
    }

    // ---------------------------------------------------------------- projection runners

    @Test
    default void aProjectionRunnersAwaitPositionReturnsOnceTheReadModelHoldsTheEvent() throws Exception {
        List<UUID> readModel = Collections.synchronizedList(new ArrayList<>());
        Projection projection = Projection.builder("orders-" + UUID.randomUUID(), new InMemoryCheckpointStore())
                .filter(EventFilter.category("order"))
                .handler(batch -> batch.forEach(event -> readModel.add(event.id())))
                .build();
        try (ProjectionRunner runner = ProjectionRunner.builder(store(), projection).retry(FAST_RETRY).start()) {
            for (int i = 0; i < 5; i++) {
                EventData placed = event("Placed");
                AppendResult result = append(newStream("order"), placed);

                assertThat(runner.awaitPosition(result.lastPosition(), TIMEOUT)).isTrue();

                assertThat(readModel).as("the read model when awaitPosition returned").contains(placed.id());
            }
            AppendResult excluded = appendEvents(newStream("invoice"), 1);
            assertThat(runner.awaitPosition(excluded.lastPosition(), TIMEOUT)).isTrue();
            assertThat(readModel).hasSize(5);

            assertThat(runner.awaitPosition(NEVER_WRITTEN, SHORT)).isFalse();
        }
    }

    @Test
    default void aProjectionRunnersAwaitPositionThrowsOnceTheProjectionHasFailed() throws Exception {
        Projection projection = Projection.builder("failing-" + UUID.randomUUID(), new InMemoryCheckpointStore())
                .handler(batch -> {
                    throw new SubscriptionContract.HandlerFailure("read model is down");
                })
                .build();
        ProjectionRunner runner = ProjectionRunner.builder(store(), projection).retry(FAST_RETRY).start();
        try {
            AppendResult result = appendEvents(newStream("order"), 1);

            assertThatThrownBy(() -> runner.awaitPosition(result.lastPosition(), TIMEOUT))
                    .isInstanceOf(SubscriptionFailedException.class)
                    .hasRootCauseMessage("read model is down");
            CompletableFuture<Void> stopped = runner.stopped();
            assertThatThrownBy(() -> stopped.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SubscriptionFailedException.class);
            assertThat(runner.position()).isZero();
        } finally {
            runner.close();
        }
    }
}
