package dev.eventstore.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void close() {
        store.close();
    }

    private static EventData event(String type) {
        return EventData.of(type, "{}");
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private long timerCount(String name, String... tags) {
        return registry.get(name).tags(tags).timer().count();
    }

    @Test
    void appendsConflictsAndEventsAreCountedUnderTheStoresName() {
        store.metricsListener(new MicrometerMetrics(registry, "orders"));

        store.append("order-1", ExpectedVersion.noStream(), List.of(event("Placed"), event("Paid")));
        assertThatThrownBy(() -> store.append("order-1", ExpectedVersion.noStream(), List.of(event("Placed"))))
                .isInstanceOf(WrongExpectedVersionException.class);

        assertThat(timerCount(MicrometerMetrics.APPENDS, "store", "orders", "outcome", "appended")).isEqualTo(1);
        assertThat(timerCount(MicrometerMetrics.APPENDS, "store", "orders", "outcome", "conflict")).isEqualTo(1);
        assertThat(timerCount(MicrometerMetrics.APPENDS, "store", "orders", "outcome", "error")).isZero();
        assertThat(counter(MicrometerMetrics.EVENTS_APPENDED, "store", "orders")).isEqualTo(2);
    }

    @Test
    void aConsumersLagGaugesFollowItAndGoAwayWhenItStops() throws Exception {
        store.metricsListener(new MicrometerMetrics(registry, "orders"));
        CountDownLatch release = new CountDownLatch(1);
        Subscription subscription = store.subscribe(
                SubscriptionOptions.builder(EventFilter.all()).name("history").build(), event -> {
                    if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("never released");
                    }
                });
        try {
            for (int i = 0; i < 4; i++) {
                store.append("order-" + i, ExpectedVersion.noStream(), List.of(event("Placed")));
            }
            String[] tags = {"store", "orders", "consumer", "history"};
            awaitGauge(tags);

            assertThat(registry.get(MicrometerMetrics.CONSUMER_LAG_EVENTS).tags(tags).gauge().value()).isEqualTo(4);

            release.countDown();
            assertThat(subscription.awaitPosition(4, TIMEOUT)).isTrue();
            assertThat(registry.get(MicrometerMetrics.CONSUMER_LAG_EVENTS).tags(tags).gauge().value()).isZero();
            assertThat(registry.get(MicrometerMetrics.CONSUMER_LAG_TIME).tags(tags).timeGauge()
                    .value(TimeUnit.MILLISECONDS)).isZero();
            assertThat(counter(MicrometerMetrics.CONSUMER_EVENTS, tags)).isEqualTo(4);
            assertThat(timerCount(MicrometerMetrics.CONSUMER_HANDLING, tags)).isEqualTo(4);
        } finally {
            subscription.close();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (registry.find(MicrometerMetrics.CONSUMER_LAG_EVENTS).gauge() != null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(registry.find(MicrometerMetrics.CONSUMER_LAG_EVENTS).gauge()).as("the stopped consumer's lag")
                .isNull();
        assertThat(registry.find(MicrometerMetrics.CONSUMER_EVENTS).counter()).as("its counts stay").isNotNull();
    }

    private void awaitGauge(String... tags) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (registry.find(MicrometerMetrics.CONSUMER_LAG_EVENTS).tags(tags).gauge() == null) {
            assertThat(System.nanoTime()).as("the lag gauge appears").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void retriesAndTheFailureAreCounted() throws Exception {
        store.metricsListener(new MicrometerMetrics(registry, "orders"));
        store.append("order-1", ExpectedVersion.noStream(), List.of(event("Placed")));

        try (Subscription subscription = store.subscribe(SubscriptionOptions.builder(EventFilter.all()).name("mailer")
                .retry(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(1))).build(), event -> {
                    throw new IllegalStateException("poison");
                })) {
            assertThat(subscription.stopped()).failsWithin(TIMEOUT);
        }

        assertThat(counter(MicrometerMetrics.CONSUMER_RETRIES, "consumer", "mailer")).isEqualTo(3);
        assertThat(counter(MicrometerMetrics.CONSUMER_FAILURES, "consumer", "mailer")).isEqualTo(1);
    }

    @Test
    void aReactorObservesEachEventWithItsCorrelationAndCausationIds() throws Exception {
        TestObservationRegistry observations = TestObservationRegistry.create();
        store.metricsListener(new MicrometerMetrics(registry, "orders", observations));
        EventMetadata metadata = EventMetadata.forCommand("command-7", "conversation-7");
        store.append("order-1", ExpectedVersion.noStream(),
                List.of(EventData.of("Placed", "{}").withMetadata(metadata.toJson())));
        AtomicInteger sawScope = new AtomicInteger();

        try (Reactor<?> reactor = Reactor.builder("shipping", store).reaction((event, context) -> {
            if (observations.getCurrentObservation() != null) {
                sawScope.incrementAndGet();
            }
        }).start()) {
            assertThat(reactor.awaitPosition(1, TIMEOUT)).isTrue();
        }

        assertThat(sawScope).as("the observation is current while the reaction runs").hasValue(1);
        TestObservationRegistryAssert.assertThat(observations)
                .hasSingleObservationThat()
                .hasNameEqualTo(MicrometerMetrics.HANDLE_OBSERVATION)
                .hasBeenStarted()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("eventstore.consumer", "shipping")
                .hasLowCardinalityKeyValue("eventstore.event.type", "Placed")
                .hasHighCardinalityKeyValue("eventstore.correlation.id", "conversation-7")
                .hasHighCardinalityKeyValue("eventstore.causation.id", "command-7")
                .hasHighCardinalityKeyValue("eventstore.position", "1");
    }

    @Test
    void aBlankStoreNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> new MicrometerMetrics(registry, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    }

    @Test
    void aReportThatComesAfterAConsumerStoppedCountsButBringsBackNoLag() {
        MicrometerMetrics metrics = new MicrometerMetrics(registry, "orders");
        store.append("order-1", ExpectedVersion.noStream(), List.of(event("Placed")));
        RecordedEvent placed = store.readStream("order-1").findFirst().orElseThrow();
        MetricsListener.Consumer consumer = new MetricsListener.Consumer() {
            @Override
            public String name() {
                return "history";
            }

            @Override
            public long position() {
                return 0;
            }

            @Override
            public long lagEvents() {
                return 3;
            }

            @Override
            public Duration lagTime() {
                return Duration.ofSeconds(2);
            }
        };

        metrics.consumerStarted(consumer);
        assertThat(registry.get(MicrometerMetrics.CONSUMER_LAG_EVENTS).tags("consumer", "history").gauge().value())
                .isEqualTo(3);
        assertThat(registry.get(MicrometerMetrics.CONSUMER_LAG_TIME).tags("consumer", "history").timeGauge()
                .value(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        metrics.consumerStopped(consumer);
        metrics.handled("history", placed, 1, Duration.ofMillis(1));

        assertThat(registry.find(MicrometerMetrics.CONSUMER_LAG_EVENTS).gauge()).isNull();
        assertThat(registry.find(MicrometerMetrics.CONSUMER_LAG_TIME).timeGauge()).isNull();
        assertThat(counter(MicrometerMetrics.CONSUMER_EVENTS, "consumer", "history")).isEqualTo(1);
    }
}
