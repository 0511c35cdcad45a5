package dev.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.memory.InMemoryCheckpointStore;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.typed.EventTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final List<ProjectionRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        runners.forEach(ProjectionRunner::close);
        store.close();
    }

    private ProjectionRunner started(ProjectionRunner runner) {
        runners.add(runner);
        return runner;
    }

    private void append(String stream, int count) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(EventData.of("Counted", "{\"i\":" + i + "}"));
        }
        store.append(stream, ExpectedVersion.any(), events);
    }

    /** A projection that records the positions it was handed. */
    private Projection recording(String name, List<Long> positions) {
        return Projection.builder(name, checkpoints)
                .handler(events -> events.forEach(e -> positions.add(e.position())))
                .onReset(positions::clear)
                .build();
    }

    private static List<Long> positions(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void appliesTheLogAndSavesTheCheckpoint() throws Exception {
        append("account-1", 10);
        List<Long> seen = new CopyOnWriteArrayList<>();

        ProjectionRunner runner = started(ProjectionRunner.start(store, recording("all", seen)));

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seen).isEqualTo(positions(1, 10));
        assertThat(checkpoints.load("all")).isEqualTo(10);
        assertThat(runner.position()).isEqualTo(10);
        assertThat(runner.state()).isEqualTo(Subscription.State.LIVE);
        assertThat(runner.projection().name()).isEqualTo("all");
        assertThat(runner.toString()).contains("all");
    }

    @Test
    void goesOnWithLiveEvents() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        ProjectionRunner runner = started(ProjectionRunner.start(store, recording("all", seen)));
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();

        append("account-1", 3);
        append("account-2", 2);

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seen).isEqualTo(positions(1, 5));
    }

    @Test
    void resumesAfterARestartFromTheCheckpointWithoutDuplicates() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        append("account-1", 25);
        ProjectionRunner first = started(ProjectionRunner.builder(store, recording("balances", seen))
                .batchSize(7).start());
        assertThat(first.awaitCaughtUp(WAIT)).isTrue();
        first.close();
        assertThat(first.stopped()).succeedsWithin(WAIT);

        append("account-1", 10);
        assertThat(seen).as("nothing applied while stopped").isEqualTo(positions(1, 25));
        ProjectionRunner second = started(ProjectionRunner.builder(store, recording("balances", seen))
                .batchSize(7).start());

        assertThat(second.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seen).isEqualTo(positions(1, 35));
        assertThat(checkpoints.load("balances")).isEqualTo(35);
    }

    @Test
    void appliesOnlyTheEventsItsFilterLetsThrough() throws Exception {
        append("account-1", 2);
        append("order-1", 2);
        append("account-2", 1);
        List<String> streams = new CopyOnWriteArrayList<>();
        Projection accounts = Projection.builder("accounts", checkpoints)
                .filter(EventFilter.category("account"))
                .handler(events -> events.forEach(e -> streams.add(e.streamId())))
                .build();

        ProjectionRunner runner = started(ProjectionRunner.start(store, accounts));

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(streams).containsExactly("account-1", "account-1", "account-2");
        assertThat(checkpoints.load("accounts")).isEqualTo(5);
    }

    sealed interface AccountEvent permits Deposited, Withdrawn {
        String accountId();
    }

    record Deposited(String accountId, BigDecimal amount) implements AccountEvent {
    }

    record Withdrawn(String accountId, BigDecimal amount) implements AccountEvent {
    }

    record Unrelated(String note) {
    }

    @Test
    void aTypedProjectionBuildsAReadModel() throws Exception {
        EventTypes types = EventTypes.builder().registerSealed(AccountEvent.class)
                .register(Unrelated.class, "Unrelated", 1).build();
        Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
        Projection projection = Projection.builder("balances", checkpoints)
                .handler(types.batchHandler(AccountEvent.class, e -> {
                    BigDecimal change = e.event() instanceof Withdrawn w ? w.amount().negate()
                            : ((Deposited) e.event()).amount();
                    balances.merge(e.event().accountId(), change, BigDecimal::add);
                }))
                .onReset(balances::clear)
                .build();
        store.append("account-1", ExpectedVersion.any(), types.encodeAll(List.of(
                new Deposited("1", new BigDecimal("10.10")), new Withdrawn("1", new BigDecimal("0.10"))),
                dev.eventstore.typed.EventMetadata.empty()));
        store.append("note-1", ExpectedVersion.any(), List.of(types.encode(new Unrelated("ignored"))));
        store.append("account-2", ExpectedVersion.any(), List.of(types.encode(new Deposited("2", BigDecimal.ONE))));

        ProjectionRunner runner = started(ProjectionRunner.start(store, projection));

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(balances).containsExactlyInAnyOrderEntriesOf(Map.of("1", new BigDecimal("10.00"), "2",
                BigDecimal.ONE));
    }

    @Test
    void aFailingBatchIsRetriedThenTheRunnerStopsVisibly() throws Exception {
        append("account-1", 5);
        AtomicInteger attempts = new AtomicInteger();
        List<Long> applied = new CopyOnWriteArrayList<>();
        Projection failing = Projection.builder("failing", checkpoints)
                .handler(events -> {
                    for (RecordedEvent event : events) {
                        if (event.position() == 4) {
                            attempts.incrementAndGet();
                            throw new IOException("read model unavailable");
                        }
                        applied.add(event.position());
                    }
                })
                .build();

        ProjectionRunner runner = started(ProjectionRunner.builder(store, failing).batchSize(1).retry(QUICK_RETRIES)
                .start());

        assertThatThrownBy(() -> runner.stopped().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SubscriptionFailedException.class)
                .hasRootCauseMessage("read model unavailable");
        assertThat(attempts).hasValue(3);
        assertThat(runner.state()).isEqualTo(Subscription.State.FAILED);
        assertThat(runner.failure()).get().extracting(SubscriptionFailedException::subscriptionName)
                .isEqualTo("failing");
        assertThat(runner.failure().get().getMessage()).contains("position 4");
        assertThat(applied).isEqualTo(positions(1, 3));
        assertThat(checkpoints.load("failing")).as("never past the failing event").isEqualTo(3);
        assertThatThrownBy(() -> runner.awaitCaughtUp(WAIT)).isInstanceOf(SubscriptionFailedException.class);
    }

    @Test
    void aBatchThatFailsAFewTimesIsAppliedOnceItSucceeds() throws Exception {
        append("account-1", 4);
        AtomicInteger failures = new AtomicInteger();
        List<Long> applied = new CopyOnWriteArrayList<>();
        Projection flaky = Projection.builder("flaky", checkpoints)
                .handler(events -> {
                    if (failures.getAndIncrement() < 2) {
                        throw new IllegalStateException("deadlock, try again");
                    }
                    events.forEach(e -> applied.add(e.position()));
                })
                .build();

        ProjectionRunner runner = started(ProjectionRunner.builder(store, flaky).retry(QUICK_RETRIES).start());

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(applied).isEqualTo(positions(1, 4));
        assertThat(runner.failure()).isEmpty();
    }

    @Test
    void aCheckpointThatCannotBeSavedRedeliversTheBatch() throws Exception {
        append("account-1", 3);
        AtomicInteger saves = new AtomicInteger();
        CheckpointStore flaky = new CheckpointStore() {
            private final InMemoryCheckpointStore delegate = new InMemoryCheckpointStore();

            @Override
            public long load(String name) {
                return delegate.load(name);
            }

            @Override
            public void save(String name, long position) {
                if (saves.getAndIncrement() == 0) {
                    throw new EventStoreException("connection lost");
                }
                delegate.save(name, position);
            }
        };
        List<Long> applied = new CopyOnWriteArrayList<>();
        Projection projection = Projection.builder("at-least-once", flaky)
                .handler(events -> events.forEach(e -> applied.add(e.position())))
                .build();

        ProjectionRunner runner = started(ProjectionRunner.builder(store, projection).retry(QUICK_RETRIES).start());

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(applied).as("at least once: the batch came again").isEqualTo(List.of(1L, 2L, 3L, 1L, 2L, 3L));
        assertThat(flaky.load("at-least-once")).isEqualTo(3);
    }

    @Test
    void rebuildResetsAndReplaysEverythingLoggingProgress() throws Exception {
        append("account-1", 300);
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicInteger resets = new AtomicInteger();
        Projection projection = Projection.builder("statement", checkpoints)
                .handler(events -> events.forEach(e -> seen.add(e.position())))
                .onReset(() -> {
                    resets.incrementAndGet();
                    seen.clear();
                })
                .build();
        ProjectionRunner first = started(ProjectionRunner.start(store, projection));
        assertThat(first.awaitCaughtUp(WAIT)).isTrue();
        first.close();
        append("account-2", 200);

        String log;
        try (CapturedLog captured = new CapturedLog()) {
            ProjectionRunner rebuilt = started(ProjectionRunner.builder(store, projection)
                    .batchSize(50)
                    .progressInterval(Duration.ZERO)
                    .rebuild());
            assertThat(rebuilt.awaitCaughtUp(WAIT)).isTrue();
            log = captured.awaitContaining("rebuild done", WAIT);
        }

        assertThat(resets).hasValue(1);
        assertThat(seen).as("every event once, from the start").isEqualTo(positions(1, 500));
        assertThat(checkpoints.load("statement")).isEqualTo(500);
        assertThat(log).contains("Rebuilding projection 'statement'")
                .contains("Projection 'statement' rebuild: 50 events done, position 50 of ~500 (10%)")
                .contains("Projection 'statement' rebuild: 500 events done, position 500 of ~500 (100%)")
                .containsPattern("Projection 'statement' rebuild done: 500 events in \\d+ ms \\(\\d+ events/s\\)")
                .containsPattern("events done, position 250 of ~500 \\(50%\\), \\d+ events/s");
    }

    @Test
    void aRebuiltProjectionGoesOnLive() throws Exception {
        append("account-1", 3);
        List<Long> seen = new CopyOnWriteArrayList<>();
        ProjectionRunner runner = started(ProjectionRunner.builder(store, recording("live", seen)).rebuild());
        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();

        append("account-1", 2);

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seen).isEqualTo(positions(1, 5));
    }

    @Test
    void aProjectionThatCannotBeResetIsNotRebuilt() {
        Projection broken = new Projection() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public long checkpoint() {
                return 0;
            }

            @Override
            public void apply(List<RecordedEvent> events) {
                throw new AssertionError("must not run");
            }

            @Override
            public void reset() throws Exception {
                throw new java.sql.SQLException("permission denied for table balances");
            }
        };

        assertThatThrownBy(() -> ProjectionRunner.builder(store, broken).rebuild())
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Cannot reset projection 'broken'")
                .hasRootCauseMessage("permission denied for table balances");
    }

    /**
     * A projection that owns its checkpoint and moves it with its rows in one step, as a JDBC
     * projection does in one transaction: the runner drives it without knowing.
     */
    static final class TransactionalProjection implements Projection {
        final Map<String, Integer> rows = new ConcurrentHashMap<>();
        long checkpoint;
        final List<Long> batchesStartedAt = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "counts";
        }

        @Override
        public synchronized long checkpoint() {
            return checkpoint;
        }

        @Override
        public synchronized void apply(List<RecordedEvent> events) {
            batchesStartedAt.add(events.get(0).position());
            Map<String, Integer> changed = new ConcurrentHashMap<>(rows);
            for (RecordedEvent event : events) {
                changed.merge(event.streamId(), 1, Integer::sum);
            }
            // "Commit": rows and checkpoint together.
            rows.clear();
            rows.putAll(changed);
            checkpoint = events.get(events.size() - 1).position();
        }

        @Override
        public synchronized void reset() {
            rows.clear();
            checkpoint = 0;
        }
    }

    @Test
    void runsAProjectionThatOwnsItsCheckpoint() throws Exception {
        append("account-1", 4);
        append("account-2", 2);
        TransactionalProjection projection = new TransactionalProjection();
        projection.checkpoint = 4;
        projection.rows.put("account-1", 4);

        ProjectionRunner runner = started(ProjectionRunner.start(store, projection));

        assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
        assertThat(projection.batchesStartedAt).containsExactly(5L);
        assertThat(projection.rows).containsExactlyInAnyOrderEntriesOf(Map.of("account-1", 4, "account-2", 2));
        assertThat(projection.checkpoint()).isEqualTo(6);
    }

    @Test
    void rejectsBadArguments() {
        Projection projection = recording("p", new ArrayList<>());

        assertThatThrownBy(() -> ProjectionRunner.start(null, projection)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store must not be null");
        assertThatThrownBy(() -> ProjectionRunner.start(store, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projection must not be null");
        assertThatThrownBy(() -> ProjectionRunner.builder(store, projection).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> ProjectionRunner.builder(store, projection).progressInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("progressInterval must not be negative");
        assertThatThrownBy(() -> ProjectionRunner.builder(store, projection).retry(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry must not be null");
        assertThatThrownBy(() -> Projection.builder("p", checkpoints).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a handler");
        assertThatThrownBy(() -> Projection.builder(" ", checkpoints)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> Projection.builder("p", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoints must not be null");
        assertThatThrownBy(() -> Projection.builder("p", checkpoints).filter(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter must not be null");
    }

    @Test
    void aNegativeCheckpointIsRejected() {
        TransactionalProjection projection = new TransactionalProjection();
        projection.checkpoint = -3;

        assertThatThrownBy(() -> ProjectionRunner.start(store, projection))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoint of projection 'counts' must be at least 0, was: -3");
    }
}
