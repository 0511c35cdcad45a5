package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.spi.AbstractEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a store and its consumers report to a {@link MetricsListener}: appends once durable (in a
 * transaction, at its commit; never for a rollback), conflicts apart from other failures, handled
 * events, retries, failures, a consumer's lag while it is behind and after it caught up, and that a
 * failing listener fails nothing.
 *
 * @param <T> the store's transaction type
 */
public interface MetricsContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** Records every report. */
    final class Recorder implements MetricsListener {
        /** Appends: "stream:events". */
        final List<String> appended = new CopyOnWriteArrayList<>();
        final List<RuntimeException> conflicts = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final Map<String, Consumer> running = new ConcurrentHashMap<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        /** Handled batches: "consumer:last position:events". */
        final List<String> handled = new CopyOnWriteArrayList<>();
        /** Retries: "consumer:position:attempt". */
        final List<String> retries = new CopyOnWriteArrayList<>();
        /** Failures: "consumer:position". */
        final List<String> failed = new CopyOnWriteArrayList<>();
        /** Handling scopes: "open|failed|closed:consumer:position". */
        final List<String> scopes = new CopyOnWriteArrayList<>();

        @Override
        public void appended(String streamId, int events, Duration duration) {
            appended.add(streamId + ":" + events + (duration.isNegative() ? ":negative duration" : ""));
        }

        @Override
        public void conflicted(String streamId, RuntimeException conflict, Duration duration) {
            conflicts.add(conflict);
        }

        @Override
        public void appendFailed(String streamId, RuntimeException error, Duration duration) {
            failures.add(error);
        }

        @Override
        public void consumerStarted(Consumer consumer) {
            running.put(consumer.name(), consumer);
        }

        @Override
        public void consumerStopped(Consumer consumer) {
            running.remove(consumer.name(), consumer);
            stopped.add(consumer.name());
        }

        @Override
        public void handled(String consumer, RecordedEvent last, int events, Duration duration) {
            handled.add(consumer + ":" + last.position() + ":" + events);
        }

        @Override
        public void retrying(String consumer, long position, int attempt, Throwable error) {
            retries.add(consumer + ":" + position + ":" + attempt);
        }

        @Override
        public void consumerFailed(String consumer, long position, Throwable error) {
            failed.add(consumer + ":" + position);
        }

        @Override
        public Handling handling(String consumer, RecordedEvent event) {
            scopes.add("open:" + consumer + ":" + event.position());
            return new Handling() {
                @Override
                public void failed(Throwable error) {
                    scopes.add("failed:" + consumer + ":" + event.position());
                }

                @Override
                public void close() {
                    scopes.add("closed:" + consumer + ":" + event.position());
                }
            };
        }
    }

    private Recorder recorder() {
        Recorder recorder = new Recorder();
        ((AbstractEventStore) store()).metricsListener(recorder);
        return recorder;
    }

    private static String newName() {
        return "metered-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    default void anAppendIsReportedWithItsStreamAndEventCount() {
        Recorder recorder = recorder();
        String stream = newStream("metered");

        appendEvents(stream, 3);

        assertThat(recorder.appended).containsExactly(stream + ":3");
        assertThat(recorder.conflicts).isEmpty();
    }

    @Test
    default void aWrongExpectedVersionIsReportedAsAConflictAndNotAsAnAppend() {
        Recorder recorder = recorder();
        String stream = newStream("metered");
        appendEvents(stream, 1);

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), List.of(event("Late"))))
                .isInstanceOf(WrongExpectedVersionException.class);

        assertThat(recorder.appended).containsExactly(stream + ":1");
        assertThat(recorder.conflicts).singleElement().isInstanceOf(WrongExpectedVersionException.class);
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    default void appendsInATransactionAreReportedWhenItCommitsAndNeverWhenItRollsBack() {
        Recorder recorder = recorder();
        String kept = newStream("metered");
        String dropped = newStream("metered");

        try (T transaction = store().beginTransaction()) {
            transaction.append(kept, ExpectedVersion.noStream(), events("Kept", 2));
            assertThat(recorder.appended).as("before the commit").isEmpty();
            transaction.commit();
        }
        try (T transaction = store().beginTransaction()) {
            transaction.append(dropped, ExpectedVersion.noStream(), events("Dropped", 1));
            // Closed without a commit: rolled back.
        }

        assertThat(recorder.appended).containsExactly(kept + ":2");
    }

    @Test
    default void aListenerThatThrowsFailsNeitherTheAppendNorTheSubscription() throws Exception {
        ((AbstractEventStore) store()).metricsListener(new MetricsListener() {
            @Override
            public void appended(String streamId, int events, Duration duration) {
                throw new IllegalStateException("listener fails");
            }

            @Override
            public void handled(String consumer, RecordedEvent last, int events, Duration duration) {
                throw new IllegalStateException("listener fails");
            }
        });
        String stream = newStream("metered");
        appendEvents(stream, 2);
        AtomicInteger seen = new AtomicInteger();

        try (Subscription subscription = store().subscribe(SubscriptionOptions.of(EventFilter.stream(stream), 0),
                event -> seen.incrementAndGet())) {
            awaitTrue("both events handled", () -> seen.get() == 2);
            assertThat(subscription.state()).isNotEqualTo(Subscription.State.FAILED);
        }
        assertThat(readStream(stream)).hasSize(2);
    }

    @Test
    default void aSubscriptionReportsWhatItHandlesAndItsLagWhileBehindAndWhenCaughtUp() throws Exception {
        Recorder recorder = recorder();
        String stream = newStream("metered");
        String name = newName();
        CountDownLatch release = new CountDownLatch(1);
        long start = store().headPosition();
        try (Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.stream(stream)).afterPosition(start).name(name).build(),
                event -> {
                    if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("never released");
                    }
                })) {
            awaitTrue("the subscription reports it started", () -> recorder.running.containsKey(name));
            appendEvents(stream, 5);
            long head = store().headPosition();
            MetricsListener.Consumer consumer = recorder.running.get(name);

            // The handler holds the first event: the consumer is still at its start.
            assertThat(consumer.position()).isEqualTo(start);
            assertThat(consumer.lagEvents()).as("the positions of the five events waiting")
                    .isEqualTo(head - readStream(stream).get(0).position() + 1).isEqualTo(5);
            assertThat(consumer.lagTime()).as("the age of the first event, held").isNotNull()
                    .isGreaterThanOrEqualTo(Duration.ZERO);

            release.countDown();
            assertThat(subscription.awaitPosition(head, TIMEOUT)).isTrue();
            assertThat(consumer.lagEvents()).isZero();
            assertThat(consumer.lagTime()).isEqualTo(Duration.ZERO);
            List<RecordedEvent> events = readStream(stream);
            assertThat(recorder.handled).containsExactlyElementsOf(
                    events.stream().map(e -> name + ":" + e.position() + ":1").toList());
            assertThat(recorder.scopes).as("one scope per event, closed").hasSize(10)
                    .allMatch(scope -> !scope.startsWith("failed"));
        }
        awaitTrue("the subscription reports it stopped", () -> recorder.stopped.contains(name));
        assertThat(recorder.running).doesNotContainKey(name);
    }

    @Test
    default void aConsumerBehindReportsHowLongItsOldestWaitingEventHasWaited() throws Exception {
        Recorder recorder = recorder();
        String stream = newStream("metered");
        String name = newName();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        long start = store().headPosition();
        appendEvents(stream, 2);
        try (Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.stream(stream)).afterPosition(start).name(name).build(),
                event -> {
                    if (seen.incrementAndGet() == 2 && !release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("never released");
                    }
                })) {
            awaitTrue("the first event handled", () -> recorder.handled.size() == 1);
            Thread.sleep(50);
            Duration lag = recorder.running.get(name).lagTime();
            release.countDown();

            RecordedEvent second = readStream(stream).get(1);
            assertThat(lag).as("the age of the second event, held by the handler")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50))
                    .isLessThanOrEqualTo(Duration.between(second.recordedAt(), java.time.Instant.now()));
            assertThat(subscription.awaitPosition(store().headPosition(), TIMEOUT)).isTrue();
        }
    }

    @Test
    default void aFailingHandlerReportsEachRetryThenTheFailure() throws Exception {
        Recorder recorder = recorder();
        String stream = newStream("metered");
        String name = newName();
        appendEvents(stream, 1);
        long position = readStream(stream).get(0).position();

        try (Subscription subscription = store().subscribe(SubscriptionOptions.builder(EventFilter.stream(stream))
                .name(name).retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2))).build(),
                event -> {
                    throw new IllegalStateException("poison");
                })) {
            awaitTrue("the subscription failed", () -> subscription.state() == Subscription.State.FAILED);
        }

        assertThat(recorder.retries).containsExactly(name + ":" + position + ":1", name + ":" + position + ":2");
        assertThat(recorder.failed).containsExactly(name + ":" + position);
        assertThat(recorder.scopes).filteredOn(scope -> scope.startsWith("failed")).hasSize(3);
        assertThat(recorder.handled).isEmpty();
    }

    @Test
    default void aReactorReportsUnderItsCheckpointNameEachEventsScopeAndItsRetries() throws Exception {
        Recorder recorder = recorder();
        String category = "metered" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        String stream = newStream(category);
        String name = newName();
        AtomicInteger attempts = new AtomicInteger();
        try (Reactor<T> reactor = Reactor.builder(name, store()).filter(EventFilter.category(category))
                .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)))
                .reaction((event, context) -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("fails once");
                    }
                    context.transaction().append(newStream("effect"), ExpectedVersion.noStream(),
                            List.of(EventData.of("Effect", "{}")));
                })
                .start()) {
            appendEvents(stream, 1);
            long position = readStream(stream).get(0).position();
            assertThat(reactor.awaitPosition(position, TIMEOUT)).isTrue();

            assertThat(recorder.retries).containsExactly(name + ":" + position + ":1");
            assertThat(recorder.scopes).containsExactly("open:" + name + ":" + position,
                    "failed:" + name + ":" + position, "closed:" + name + ":" + position,
                    "open:" + name + ":" + position, "closed:" + name + ":" + position);
            assertThat(recorder.appended).as("the event, then the reaction's effect at its commit").hasSize(2);
            assertThat(recorder.running).containsKey(name);
        }
    }
}
