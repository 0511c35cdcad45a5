package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.contract.Tally.Add;
import dev.eventstore.contract.Tally.Added;
import dev.eventstore.contract.Tally.Total;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.reactor.Deadline;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.reactor.ReactionFailedException;
import dev.eventstore.reactor.Reactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reactors (process managers) on each store: each event's local effects commit with the reactor's
 * checkpoint, once, across failures, restarts, several instances and rebuilds; deadlines fire once,
 * survive restarts and never fire once cancelled; a poison event stops the reactor without skipping
 * it; a reactor can follow another service's feed as an inbox.
 *
 * <p>Reactions here book {@link Tally} commands through {@link dev.eventstore.reactor.ReactionContext#handle}
 * (idempotent), and, where a test must catch an effect made twice, append an event of their own with a
 * random id (not idempotent: only the checkpoint keeps it once).
 *
 * @param <T> the store's transaction type
 */
public interface ReactorContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** How often the reactors of these tests look for due deadlines. */
    Duration DEADLINE_POLL = Duration.ofMillis(20);

    /** A reaction's own effect; its data names the event reacted to. */
    String EFFECT = "Effect";

    private static String newName() {
        return "reactor-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Reactor.Builder<T> reactor(TransactionalEventStore<T> store, String name) {
        return Reactor.builder(name, store).retry(FAST_RETRY).deadlinePollInterval(DEADLINE_POLL);
    }

    private static CommandHandler<Add, Total, Added> tallies(EventStore store) {
        return Tally.handler(store).build();
    }

    /** Appends, in the reaction's transaction, an effect that only the checkpoint keeps from doubling. */
    private static void effect(EventTransaction tx, String stream, RecordedEvent cause) {
        tx.append(stream, ExpectedVersion.any(), List.of(EventData.of(EFFECT, "{\"cause\":\"" + cause.id() + "\"}")));
    }

    /** @return for each cause's id, how many effects name it */
    private Map<String, Long> effectsByCause(EventStore store, String stream) {
        return store.readStream(stream).map(e -> json(e.data()).get("cause").asText())
                .collect(Collectors.groupingBy(cause -> cause, Collectors.counting()));
    }

    private List<RecordedEvent> appendOrders(EventStore store, int count) {
        List<RecordedEvent> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String stream = newStream("order");
            EventData placed = event("Placed");
            store.append(stream, ExpectedVersion.noStream(), List.of(placed));
            orders.add(store.readEvent(placed.id()).orElseThrow());
        }
        return orders;
    }

    private static long last(List<RecordedEvent> events) {
        return events.get(events.size() - 1).position();
    }

    private static void assertAwaited(Reactor<?> reactor, long position) throws InterruptedException {
        assertThat(reactor.awaitPosition(position, TIMEOUT)).as("%s reached position %d within %s", reactor,
                position, TIMEOUT).isTrue();
    }

    private static SubscriptionFailedException failureOf(Reactor<?> reactor) {
        Throwable thrown = catchThrowable(() -> reactor.stopped().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).as("stopped() of a failed reactor").isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SubscriptionFailedException.class);
        assertThat(reactor.failure()).containsSame((SubscriptionFailedException) thrown.getCause());
        assertThat(reactor.state()).isEqualTo(Subscription.State.FAILED);
        return (SubscriptionFailedException) thrown.getCause();
    }

    // ---------------------------------------------------------------- effects and checkpoint together

    @Test
    default void aReactionThatThrowsAfterItsCommandLeavesNeitherTheCommandNorTheCheckpoint() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch checked = new CountDownLatch(1);
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    int attempt = attempts.incrementAndGet();
                    if (attempt == 2 && !checked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("the test did not look at the store between the attempts");
                    }
                    ctx.handle(tallies, target, new Add(1));
                    effect(ctx.transaction(), "effects-" + name, event);
                    if (attempt == 1) {
                        throw new IllegalStateException("fails after its command");
                    }
                })
                .start()) {
            RecordedEvent order = appendOrders(store(), 1).get(0);

            awaitTrue("the second attempt has begun", () -> attempts.get() >= 2);
            assertThat(store().streamVersion(target)).as("the first attempt's command").isZero();
            assertThat(store().streamVersion("effects-" + name)).as("the first attempt's effect").isZero();
            assertThat(store().checkpointStore().load(name)).as("the checkpoint after the first attempt").isZero();
            checked.countDown();

            assertAwaited(reactor, order.position());
            assertThat(store().streamVersion(target)).isEqualTo(1);
            assertThat(effectsByCause(store(), "effects-" + name)).containsExactly(
                    Map.entry(order.id().toString(), 1L));
            assertThat(store().checkpointStore().load(name)).isEqualTo(order.position());
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    @Test
    default void awaitPositionReturnsOnceTheEventsEffectsAreCommitted() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> ctx.handle(tallies, target, new Add(1)))
                .start()) {
            for (int i = 1; i <= 5; i++) {
                RecordedEvent order = appendOrders(store(), 1).get(0);

                assertAwaited(reactor, order.position());

                assertThat(store().streamVersion(target)).as("effects when awaitPosition returned").isEqualTo(i);
                assertThat(store().checkpointStore().load(name)).isGreaterThanOrEqualTo(order.position());
            }
            AppendResult other = appendEvents(newStream("invoice"), 1);
            assertAwaited(reactor, other.lastPosition());
            assertThat(reactor.awaitPosition(AwaitPositionContract.NEVER_WRITTEN, Duration.ofMillis(100))).isFalse();
        }
    }

    @Test
    default void theCommandsOfAReactionCarryIdsDerivedFromTheEventAndAreCausedByIt() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<String> commandIds = Collections.synchronizedList(new ArrayList<>());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    ctx.handle(tallies, target, new Add(1));
                    ctx.handle(tallies, target, new Add(2), "second");
                    commandIds.add(ctx.commandId("1"));
                    commandIds.add(ctx.commandId("second"));
                    assertThat(ctx.commandId("1")).as("the same every time").isEqualTo(commandIds.get(0));
                })
                .start()) {
            RecordedEvent order = appendOrders(store(), 1).get(0);
            assertAwaited(reactor, order.position());
        }

        List<RecordedEvent> booked = readStream(target);
        assertThat(ids(booked)).containsExactly(CommandHandler.eventId(commandIds.get(0), 0),
                CommandHandler.eventId(commandIds.get(1), 0));
        RecordedEvent order = readAll().stream().filter(e -> e.streamId().startsWith("order-")).findFirst()
                .orElseThrow();
        for (RecordedEvent event : booked) {
            var metadata = dev.eventstore.typed.EventMetadata.fromJson(event.metadata());
            assertThat(metadata.causationId()).contains(order.id().toString());
        }
    }

    @Test
    default void aReactionsContextIsUnusableOnceTheReactionHasReturned() throws Exception {
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<dev.eventstore.reactor.ReactionContext<T>> contexts = Collections.synchronizedList(new ArrayList<>());
        try (Reactor<T> reactor = reactor(store(), newName()).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    contexts.add(ctx);
                    ctx.handle(tallies, target, new Add(1));
                })
                .start()) {
            RecordedEvent order = appendOrders(store(), 1).get(0);
            assertAwaited(reactor, order.position());
        }
        dev.eventstore.reactor.ReactionContext<T> escaped = contexts.get(0);

        assertThatThrownBy(escaped::transaction).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> escaped.handle(tallies, target, new Add(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store().streamVersion(target)).isEqualTo(1);
    }

    @Test
    default void closingTheStoreStopsItsReactors() throws Exception {
        Reactor<T> reactor = reactor(store(), newName()).reaction((event, ctx) -> { })
                .onDeadline((deadline, ctx) -> { })
                .start();
        assertThat(reactor.awaitCaughtUp(TIMEOUT)).isTrue();

        store().close();

        reactor.stopped().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reactor.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(reactor.failure()).isEmpty();
        reactor.close();
    }

    // ---------------------------------------------------------------- restarts, instances, rebuilds

    @Test
    default void aRestartedReactorResumesAfterItsCheckpointWithNothingDoubled() throws Exception {
        String name = newName();
        String target = newStream("tally");
        String effects = "effects-" + name;
        List<UUID> reacted = Collections.synchronizedList(new ArrayList<>());
        List<RecordedEvent> orders = new ArrayList<>();
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    reacted.add(event.id());
                    ctx.handle(tallies, target, new Add(1));
                    effect(ctx.transaction(), effects, event);
                })
                .start()) {
            orders.addAll(appendOrders(store(), 3));
            assertAwaited(reactor, last(orders));
        }
        // Closed, then started again on the same store: it resumes.
        orders.addAll(appendOrders(store(), 2));
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    reacted.add(event.id());
                    ctx.handle(tallies, target, new Add(1));
                    effect(ctx.transaction(), effects, event);
                })
                .start()) {
            assertAwaited(reactor, last(orders));
        }
        // A new process: a new store instance on the same storage.
        TransactionalEventStore<T> restarted = restart();
        orders.addAll(appendOrders(restarted, 2));
        CommandHandler<Add, Total, Added> restartedTallies = tallies(restarted);
        try (Reactor<T> reactor = reactor(restarted, name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    reacted.add(event.id());
                    ctx.handle(restartedTallies, target, new Add(1));
                    effect(ctx.transaction(), effects, event);
                })
                .start()) {
            assertAwaited(reactor, last(orders));
        }

        assertThat(reacted).as("events reacted to, in order").isEqualTo(ids(orders));
        assertThat(restarted.streamVersion(target)).isEqualTo(7);
        assertThat(effectsByCause(restarted, effects)).hasSize(7).allSatisfy((cause, count) -> assertThat(count)
                .isEqualTo(1));
        assertThat(restarted.checkpointStore().load(name)).isEqualTo(last(orders));
    }

    @Test
    default void twoReactorsOfOneNameOnOneStoreTakeTurnsAndEachEffectHappensOnce() throws Exception {
        assertTwoReactorsTakeTurns(store(), store());
    }

    @Test
    default void twoReactorsOfOneNameOnTwoStoreInstancesTakeTurnsAndEachEffectHappensOnce() throws Exception {
        assertTwoReactorsTakeTurns(store(), openSecond());
    }

    private void assertTwoReactorsTakeTurns(TransactionalEventStore<T> first, TransactionalEventStore<T> second)
            throws Exception {
        String name = newName();
        String target = newStream("tally");
        String effects = "effects-" + name;
        AtomicInteger reactions = new AtomicInteger();
        List<Reactor<T>> reactors = new ArrayList<>();
        try {
            for (TransactionalEventStore<T> store : List.of(first, second)) {
                CommandHandler<Add, Total, Added> tallies = tallies(store);
                reactors.add(reactor(store, name).filter(EventFilter.category("order")).batchSize(5)
                        .reaction((event, ctx) -> {
                            reactions.incrementAndGet();
                            effect(ctx.transaction(), effects, event);
                            ctx.handle(tallies, target, new Add(1));
                        })
                        .start());
            }
            List<RecordedEvent> orders = appendOrders(store(), 20);
            for (Reactor<T> reactor : reactors) {
                assertAwaited(reactor, last(orders));
            }

            Map<String, Long> byCause = effectsByCause(store(), effects);
            assertThat(byCause.keySet()).containsExactlyInAnyOrderElementsOf(
                    orders.stream().map(e -> e.id().toString()).toList());
            assertThat(byCause).allSatisfy((cause, count) -> assertThat(count).as("effects of %s", cause)
                    .isEqualTo(1));
            assertThat(store().streamVersion(target)).isEqualTo(20);
            assertThat(store().checkpointStore().load(name)).isEqualTo(last(orders));
            assertThat(reactions.get()).isGreaterThanOrEqualTo(20);
        } finally {
            reactors.forEach(Reactor::close);
        }
    }

    @Test
    default void aRebuildReactsToEveryEventAgainAndBooksNothingTwice() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<Boolean> alreadyHandled = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger resets = new AtomicInteger();
        List<RecordedEvent> orders;
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> alreadyHandled.add(ctx.handle(tallies, target, new Add(1, 2))
                        .alreadyHandled()))
                .start()) {
            orders = appendOrders(store(), 4);
            assertAwaited(reactor, last(orders));
        }
        assertThat(alreadyHandled).containsExactly(false, false, false, false);

        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> alreadyHandled.add(ctx.handle(tallies, target, new Add(1, 2))
                        .alreadyHandled()))
                .onReset(tx -> resets.incrementAndGet())
                .rebuild()) {
            assertAwaited(reactor, last(orders));
        }

        assertThat(resets.get()).isEqualTo(1);
        assertThat(alreadyHandled).containsExactly(false, false, false, false, true, true, true, true);
        assertThat(store().streamVersion(target)).isEqualTo(8);
        assertThat(store().checkpointStore().load(name)).isEqualTo(last(orders));
    }

    @Test
    default void aRebuildWhoseResetFailsChangesNothing() throws Exception {
        String name = newName();
        List<RecordedEvent> orders;
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> effect(ctx.transaction(), "effects-" + name, event))
                .start()) {
            orders = appendOrders(store(), 2);
            assertAwaited(reactor, last(orders));
        }
        String resetStream = newStream("reset");

        assertThatThrownBy(() -> reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> effect(ctx.transaction(), "effects-" + name, event))
                .onReset(tx -> {
                    tx.append(resetStream, ExpectedVersion.noStream(), events("Reset", 1));
                    throw new IllegalStateException("cannot empty the read model");
                })
                .rebuild()).isInstanceOf(IllegalStateException.class).hasMessage("cannot empty the read model");

        assertThat(store().checkpointStore().load(name)).isEqualTo(last(orders));
        assertThat(store().streamVersion(resetStream)).isZero();
        assertThat(store().streamVersion("effects-" + name)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- reactions without local effects

    /**
     * A reaction that only calls another service must not hold a transaction while it waits: here, while
     * it runs, another thread appends and reads the log up to its own append, which a transaction held
     * by the reactor would block (in memory, SQLite) or hold back (PostgreSQL's log readers).
     */
    @Test
    default void aReactionWithoutLocalEffectsHoldsNoTransactionAndItsCheckpointStillMoves() throws Exception {
        String name = newName();
        List<UUID> called = Collections.synchronizedList(new ArrayList<>());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    long appended = onOtherThread(() -> {
                        AppendResult result = store().append(newStream("audit"), ExpectedVersion.noStream(),
                                events("Audited", 1));
                        awaitTrue("the log shows the append made during a reaction",
                                () -> store().headPosition() >= result.lastPosition());
                        return result.lastPosition();
                    });
                    assertThat(appended).isPositive();
                    called.add(event.id());
                })
                .start()) {
            List<RecordedEvent> orders = appendOrders(store(), 3);

            assertAwaited(reactor, last(orders));

            assertThat(called).isEqualTo(ids(orders));
            assertThat(store().checkpointStore().load(name)).isGreaterThanOrEqualTo(last(orders));
            assertThat(reactor.failure()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- a checkpoint saved at an interval

    /** Appends one event of a type to a new order stream and returns it as recorded. */
    private RecordedEvent appendOrder(EventStore store, String type) {
        EventData data = event(type);
        store.append(newStream("order"), ExpectedVersion.noStream(), List.of(data));
        return store.readEvent(data.id()).orElseThrow();
    }

    @Test
    default void withAnIntervalTheCheckpointOfReactionsWithoutLocalEffectsWaitsAndIsSavedOnClosing()
            throws Exception {
        String name = newName();
        List<UUID> called = Collections.synchronizedList(new ArrayList<>());
        List<RecordedEvent> orders = new ArrayList<>();
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofHours(1))
                .reaction((event, ctx) -> called.add(event.id()))
                .start()) {
            orders.addAll(appendOrders(store(), 3));

            assertAwaited(reactor, last(orders));

            assertThat(called).isEqualTo(ids(orders));
            assertThat(reactor.position()).isEqualTo(last(orders));
            assertThat(store().checkpointStore().load(name)).as("the checkpoint while the interval runs").isZero();
        }
        assertThat(store().checkpointStore().load(name)).as("the checkpoint once closed").isEqualTo(last(orders));

        // Started again, it goes on after the saved checkpoint: nothing is reacted to twice.
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofHours(1))
                .reaction((event, ctx) -> called.add(event.id()))
                .start()) {
            orders.addAll(appendOrders(store(), 1));
            assertAwaited(reactor, last(orders));
        }
        assertThat(called).isEqualTo(ids(orders));
    }

    @Test
    default void withAnIntervalAReactionThatCommitsSavesTheCheckpointOfTheEventsBeforeIt() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofHours(1))
                .reaction((event, ctx) -> {
                    if (event.type().equals("Paid")) {
                        ctx.handle(tallies, target, new Add(1));
                    }
                })
                .start()) {
            appendOrders(store(), 2);
            RecordedEvent paid = appendOrder(store(), "Paid");
            assertAwaited(reactor, paid.position());
            assertThat(store().checkpointStore().load(name)).as("saved with the payment's tally")
                    .isEqualTo(paid.position());

            List<RecordedEvent> later = appendOrders(store(), 2);
            assertAwaited(reactor, last(later));
            assertThat(store().checkpointStore().load(name)).as("the events after it wait")
                    .isEqualTo(paid.position());
        }
        assertThat(store().streamVersion(target)).isEqualTo(1);
    }

    @Test
    default void withAnIntervalTheEventsAfterTheSavedCheckpointAreReactedToAgainAfterAFailureAndTheirLocalEffectsHappenOnce()
            throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<UUID> called = Collections.synchronizedList(new ArrayList<>());
        RecordedEvent first = appendOrder(store(), "Placed");
        RecordedEvent paid = appendOrder(store(), "Paid");
        RecordedEvent second = appendOrder(store(), "Placed");
        RecordedEvent poison = appendOrder(store(), "Poison");
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofHours(1))
                .retry(dev.eventstore.RetryPolicy.none())
                .reaction((event, ctx) -> {
                    if (event.type().equals("Poison")) {
                        throw new IllegalStateException("the process dies");
                    }
                    called.add(event.id());
                    if (event.type().equals("Paid")) {
                        ctx.handle(tallies, target, new Add(1));
                    }
                })
                .start()) {
            failureOf(reactor);
        }
        assertThat(store().checkpointStore().load(name)).as("saved with the last local effect")
                .isEqualTo(paid.position());

        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofHours(1))
                .reaction((event, ctx) -> {
                    called.add(event.id());
                    if (event.type().equals("Paid")) {
                        ctx.handle(tallies, target, new Add(1));
                    }
                })
                .start()) {
            assertAwaited(reactor, poison.position());
        }
        assertThat(called).as("the event after the saved checkpoint is reacted to again; the payment is not")
                .containsExactly(first.id(), paid.id(), second.id(), second.id(), poison.id());
        assertThat(store().streamVersion(target)).isEqualTo(1);
        assertThat(store().checkpointStore().load(name)).isEqualTo(poison.position());
    }

    @Test
    default void withAShortIntervalTheCheckpointIsSavedWhileEventsArrive() throws Exception {
        String name = newName();
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .checkpointInterval(Duration.ofMillis(50))
                .reaction((event, ctx) -> { })
                .start()) {
            RecordedEvent early = appendOrder(store(), "Placed");
            assertAwaited(reactor, early.position());
            Thread.sleep(100);
            RecordedEvent late = appendOrder(store(), "Placed");
            assertAwaited(reactor, late.position());
            assertThat(store().checkpointStore().load(name)).as("saved once the interval had passed")
                    .isGreaterThanOrEqualTo(early.position());
        }
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).checkpointInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpointInterval")
                .hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).checkpointInterval(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2H");
    }

    // ---------------------------------------------------------------- partitions

    @Test
    default void reactorsOfPartitionsShareTheEventsEachStreamWhollyToOneOfThemInOrder() throws Exception {
        int partitions = 3;
        String name = newName();
        // Before it is partitioned, the reactor of this name has reacted to a first order.
        RecordedEvent before = appendOrder(store(), "Placed");
        try (Reactor<T> whole = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> { })
                .start()) {
            assertAwaited(whole, before.position());
        }
        Map<Integer, List<RecordedEvent>> reacted = new ConcurrentHashMap<>();
        Map<UUID, String> commandIds = new ConcurrentHashMap<>();
        List<RecordedEvent> all = new ArrayList<>();
        List<Reactor<T>> reactors = new ArrayList<>();
        try {
            for (int i = 0; i < partitions; i++) {
                int partition = i;
                reacted.put(partition, Collections.synchronizedList(new ArrayList<>()));
                reactors.add(reactor(store(), name).filter(EventFilter.category("order"))
                        .partition(partition, partitions)
                        .checkpointInterval(Duration.ofMillis(10))
                        .reaction((event, ctx) -> {
                            reacted.get(partition).add(event);
                            commandIds.put(event.id(), ctx.commandId("send"));
                        })
                        .start());
            }
            // Streams until every partition has two: the reactors of all of them must be seen working.
            int[] streams = new int[partitions];
            while (java.util.Arrays.stream(streams).min().orElseThrow() < 2) {
                String stream = newStream("order");
                streams[Reactor.partitionOf(stream, partitions)]++;
                for (int e = 0; e < 3; e++) {
                    EventData data = event("Placed");
                    store().append(stream, ExpectedVersion.any(), List.of(data));
                    all.add(store().readEvent(data.id()).orElseThrow());
                }
            }
            for (Reactor<T> reactor : reactors) {
                assertAwaited(reactor, last(all));
            }
        } finally {
            reactors.forEach(Reactor::close);
        }
        List<UUID> union = new ArrayList<>();
        reacted.forEach((partition, events) -> {
            assertThat(events).as("partition %d", partition).isNotEmpty()
                    .allSatisfy(e -> assertThat(Reactor.partitionOf(e.streamId(), partitions)).isEqualTo(partition))
                    .isSortedAccordingTo(java.util.Comparator.comparingLong(RecordedEvent::position));
            union.addAll(ids(events));
        });
        assertThat(union).as("every event after the first reacted to once, by one partition")
                .containsExactlyInAnyOrderElementsOf(ids(all));
        for (int i = 0; i < partitions; i++) {
            assertThat(reactors.get(i).name()).isEqualTo(name);
            assertThat(reactors.get(i).checkpointName()).isEqualTo(name + "#" + (i + 1) + "/" + partitions);
            assertThat(store().checkpointStore().load(name + "#" + (i + 1) + "/" + partitions))
                    .as("checkpoint of partition %d", i).isEqualTo(last(all));
        }

        // The same reactor unpartitioned, from the start: the same command ids for the same events.
        store().checkpointStore().save(name, 0);
        Map<UUID, String> unpartitioned = new ConcurrentHashMap<>();
        try (Reactor<T> whole = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> unpartitioned.put(event.id(), ctx.commandId("send")))
                .start()) {
            assertAwaited(whole, last(all));
        }
        assertThat(unpartitioned).containsAllEntriesOf(commandIds);
    }

    @Test
    default void aPartitionIsTheSameInEveryJvmAndBadPartitionsAreRefused() {
        // String.hashCode is specified by the platform: these values hold on any JVM.
        assertThat(Reactor.partitionOf("order-42", 4)).isEqualTo(1);
        assertThat(Reactor.partitionOf("order-o-1001", 3)).isEqualTo(2);
        assertThat(Reactor.partitionOf("payment-7", 1)).isZero();
        assertThatThrownBy(() -> Reactor.partitionOf("order-1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count").hasMessageContaining("was: 0");
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).partition(3, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index").hasMessageContaining("was: 3");
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).partition(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count").hasMessageContaining("was: 0");
    }

    // ---------------------------------------------------------------- failures

    @Test
    default void aPoisonEventIsRetriedWithBackOffThenStopsTheReactorWithoutMovingPastIt() throws Exception {
        String name = newName();
        String target = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<RecordedEvent> orders = appendOrders(store(), 3);
        RecordedEvent poison = orders.get(1);
        List<Long> poisonAttempts = Collections.synchronizedList(new ArrayList<>());
        List<UUID> reacted = Collections.synchronizedList(new ArrayList<>());
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    ctx.handle(tallies, target, new Add(1));
                    if (event.id().equals(poison.id())) {
                        poisonAttempts.add(System.nanoTime());
                        throw new IllegalArgumentException("cannot digest " + event.streamId());
                    }
                    reacted.add(event.id());
                })
                .start()) {
            SubscriptionFailedException failure = failureOf(reactor);

            assertThat(failure.getCause()).isInstanceOfSatisfying(ReactionFailedException.class, cause -> {
                assertThat(cause.event().id()).isEqualTo(poison.id());
                assertThat(cause.deadline()).isNull();
                assertThat(cause.getCause()).hasMessage("cannot digest " + poison.streamId());
                assertThat(cause.getMessage()).contains(name, Long.toString(poison.position()), poison.streamId());
            });
            assertThat(failure.getMessage()).as("the reactor's failure names the poison event's position")
                    .startsWith("Subscription '" + name + "' stopped: its handler failed " + FAST_RETRY.maxAttempts()
                            + " times on the event at position " + poison.position() + " ");
            assertThat(poisonAttempts).hasSize(FAST_RETRY.maxAttempts());
            for (int i = 1; i < poisonAttempts.size(); i++) {
                assertThat(Duration.ofNanos(poisonAttempts.get(i) - poisonAttempts.get(i - 1)))
                        .as("back-off before attempt %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(8));
            }
            assertThat(reacted).containsExactly(orders.get(0).id());
            assertThat(store().checkpointStore().load(name)).isEqualTo(orders.get(0).position());
            assertThat(store().streamVersion(target)).as("only the first event's command").isEqualTo(1);
            assertThatThrownBy(() -> reactor.awaitPosition(last(orders), TIMEOUT))
                    .isInstanceOf(SubscriptionFailedException.class);
        }
        // Started again, it tries the same event again, and never skips it.
        AtomicInteger again = new AtomicInteger();
        try (Reactor<T> reactor = reactor(store(), name).filter(EventFilter.category("order"))
                .retry(dev.eventstore.RetryPolicy.none())
                .reaction((event, ctx) -> {
                    again.incrementAndGet();
                    assertThat(event.id()).isEqualTo(poison.id());
                    throw new IllegalArgumentException("still poison");
                })
                .start()) {
            assertThat(failureOf(reactor).getCause()).isInstanceOf(ReactionFailedException.class);
        }
        assertThat(again.get()).isEqualTo(1);
        assertThat(store().checkpointStore().load(name)).isEqualTo(orders.get(0).position());
    }

    @Test
    default void aReactorWithoutAReactionIsNotStarted() {
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reaction");
        assertThatThrownBy(() -> Reactor.builder(" ", store())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Reactor.builder(newName(), store()).deadlinePollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadlinePollInterval");
    }

    // ---------------------------------------------------------------- deadlines

    @Test
    default void deadlinesScheduledInAReactionFireOnceWithTheirData() throws Exception {
        String name = newName();
        String target = newStream("tally");
        TestClock clock = new TestClock();
        Instant start = clock.instant();
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        Map<String, String> fired = new ConcurrentHashMap<>();
        AtomicInteger firings = new AtomicInteger();
        try (Reactor<T> reactor = reactor(store(), name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    ctx.schedule("payment:" + event.streamId(), Duration.ofMinutes(5),
                            "{\"order\":\"" + event.streamId() + "\"}");
                    assertThat(ctx.deadline("payment:" + event.streamId())).as("seen in the reaction").isPresent();
                })
                .onDeadline((deadline, ctx) -> {
                    firings.incrementAndGet();
                    fired.put(deadline.key(), json(deadline.data()).get("order").asText());
                    ctx.handle(tallies, target, new Add(1));
                })
                .start()) {
            List<RecordedEvent> orders = appendOrders(store(), 3);
            assertAwaited(reactor, last(orders));
            for (RecordedEvent order : orders) {
                Deadline scheduled = store().deadlineStore().find(name, "payment:" + order.streamId()).orElseThrow();
                assertThat(scheduled.dueAt()).isEqualTo(start.plus(Duration.ofMinutes(5)));
            }
            assertThat(fired).as("before they are due").isEmpty();

            clock.advance(Duration.ofMinutes(10));

            awaitTrue("three deadlines fired", () -> fired.size() == 3);
            for (RecordedEvent order : orders) {
                assertThat(fired).containsEntry("payment:" + order.streamId(), order.streamId());
                awaitTrue("the fired deadline is gone",
                        () -> store().deadlineStore().find(name, "payment:" + order.streamId()).isEmpty());
            }
        }
        assertThat(firings.get()).isEqualTo(3);
        assertThat(store().streamVersion(target)).isEqualTo(3);
        assertThat(store().deadlineStore().nextDue(name)).isEmpty();
    }

    @Test
    default void aDeadlineCancelledBeforeItIsDueNeverFires() throws Exception {
        String name = newName();
        TestClock clock = new TestClock();
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        String kept = newStream("order");
        String cancelled = newStream("order");
        try (Reactor<T> reactor = reactor(store(), name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> {
                    if (event.type().equals("Placed")) {
                        ctx.schedule("timeout:" + event.streamId(), Duration.ofMinutes(1), "{}");
                    } else {
                        assertThat(ctx.cancel("timeout:" + event.streamId())).isTrue();
                        assertThat(ctx.cancel("timeout:" + event.streamId())).as("cancelled twice").isFalse();
                    }
                })
                .onDeadline((deadline, ctx) -> fired.add(deadline.key()))
                .start()) {
            append(cancelled, event("Placed"));
            append(kept, event("Placed"));
            AppendResult paid = append(cancelled, event("Paid"));
            assertAwaited(reactor, paid.lastPosition());
            assertThat(store().deadlineStore().find(name, "timeout:" + cancelled)).isEmpty();

            clock.advance(Duration.ofMinutes(2));

            awaitTrue("the deadline not cancelled fired", () -> fired.contains("timeout:" + kept));
        }
        assertThat(fired).containsExactly("timeout:" + kept);
    }

    @Test
    default void aDeadlineSurvivesARestartAndFiresOnce() throws Exception {
        String name = newName();
        String target = newStream("tally");
        TestClock clock = new TestClock();
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        RecordedEvent order;
        try (Reactor<T> reactor = reactor(store(), name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> ctx.schedule("timeout:" + event.streamId(), Duration.ofMinutes(1),
                        "{\"attempt\":1}"))
                .onDeadline((deadline, ctx) -> fired.add("before the restart: " + deadline.key()))
                .start()) {
            order = appendOrders(store(), 1).get(0);
            assertAwaited(reactor, order.position());
        }

        TransactionalEventStore<T> restarted = restart();
        CommandHandler<Add, Total, Added> tallies = tallies(restarted);
        try (Reactor<T> reactor = reactor(restarted, name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> fired.add("reacted again to " + event.streamId()))
                .onDeadline((deadline, ctx) -> {
                    fired.add(deadline.key() + " " + json(deadline.data()));
                    ctx.handle(tallies, target, new Add(1));
                })
                .start()) {
            assertThat(restarted.deadlineStore().find(name, "timeout:" + order.streamId())).isPresent();

            clock.advance(Duration.ofMinutes(2));

            awaitTrue("the deadline fired after the restart", () -> !fired.isEmpty());
            awaitTrue("the fired deadline is gone",
                    () -> restarted.deadlineStore().find(name, "timeout:" + order.streamId()).isEmpty());
            assertThat(reactor.failure()).isEmpty();
        }
        assertThat(fired).containsExactly("timeout:" + order.streamId() + " {\"attempt\":1}");
        assertThat(restarted.streamVersion(target)).isEqualTo(1);
    }

    @Test
    default void aFailingDeadlineHandlerIsRetriedThenStopsTheReactor() throws Exception {
        String name = newName();
        TestClock clock = new TestClock();
        AtomicInteger attempts = new AtomicInteger();
        Deadline scheduled = new Deadline(name, "reminder", clock.instant().plusSeconds(30), "{\"n\":7}");
        store().deadlineStore().schedule(scheduled);
        try (Reactor<T> reactor = reactor(store(), name).clock(clock)
                .reaction((event, ctx) -> { })
                .onDeadline((deadline, ctx) -> {
                    attempts.incrementAndGet();
                    ctx.transaction().append(newStream("reminder"), ExpectedVersion.noStream(), events("Sent", 1));
                    throw new IllegalStateException("mail server down");
                })
                .start()) {
            clock.advance(Duration.ofMinutes(1));

            SubscriptionFailedException failure = failureOf(reactor);

            assertThat(failure.getCause()).isInstanceOfSatisfying(ReactionFailedException.class, cause -> {
                assertThat(cause.deadline().key()).isEqualTo("reminder");
                assertThat(cause.event()).isNull();
                assertThat(cause.getMessage()).contains(name, "reminder");
            });
            assertThat(failure).hasRootCauseMessage("mail server down");
            assertThat(attempts.get()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(store().deadlineStore().find(name, "reminder")).as("never claimed").isPresent();
            assertThat(store().readCategory("reminder", 0, Long.MAX_VALUE).toList()).isEmpty();
            assertThatThrownBy(() -> reactor.awaitPosition(1, TIMEOUT)).isInstanceOf(SubscriptionFailedException.class);
        }
    }

    @Test
    default void aDeadlineDueAtOnceFiresWithoutWaitingForTheNextLook() throws Exception {
        String name = newName();
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        try (Reactor<T> reactor = Reactor.builder(name, store()).retry(FAST_RETRY)
                .deadlinePollInterval(Duration.ofHours(1))
                .filter(EventFilter.category("order"))
                .reaction((event, ctx) -> ctx.schedule("now:" + event.streamId(), Duration.ZERO, "{}"))
                .onDeadline((deadline, ctx) -> fired.add(deadline.key()))
                .start()) {
            RecordedEvent order = appendOrders(store(), 1).get(0);

            awaitTrue("the deadline scheduled for now fired", () -> fired.contains("now:" + order.streamId()));
            assertThat(reactor.failure()).isEmpty();
        }
    }

    @Test
    default void aDeadlineHandlerCanScheduleItsNextFiringUnderTheSameKey() throws Exception {
        String name = newName();
        String target = newStream("tally");
        TestClock clock = new TestClock();
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        AtomicInteger firings = new AtomicInteger();
        try (Reactor<T> reactor = reactor(store(), name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> ctx.schedule("reminder", Duration.ofMinutes(1), "{\"n\":1}"))
                .onDeadline((deadline, ctx) -> {
                    int n = json(deadline.data()).get("n").asInt();
                    // Counted once committed: the test moves the clock only after the next one is scheduled.
                    ctx.transaction().afterCommit(firings::incrementAndGet);
                    ctx.handle(tallies, target, new Add(n));
                    if (n < 3) {
                        ctx.schedule("reminder", Duration.ofMinutes(1), "{\"n\":" + (n + 1) + "}");
                    }
                })
                .start()) {
            RecordedEvent order = appendOrders(store(), 1).get(0);
            assertAwaited(reactor, order.position());
            for (int n = 1; n <= 3; n++) {
                int expected = n;
                clock.advance(Duration.ofMinutes(2));
                awaitTrue("reminder " + n + " fired", () -> firings.get() == expected);
            }
            awaitTrue("no reminder is left", () -> store().deadlineStore().nextDue(name).isEmpty());
        }
        assertThat(firings.get()).isEqualTo(3);
        assertThat(Tally.handler(store()).build().load(target).state()).isEqualTo(new Total(6, 3));
    }

    @Test
    default void theDeadlinesOfTwoReactorsOfOneNameFireOnce() throws Exception {
        String name = newName();
        TestClock clock = new TestClock();
        String effects = "effects-" + name;
        List<Reactor<T>> reactors = new ArrayList<>();
        try {
            for (TransactionalEventStore<T> store : List.of(store(), openSecond(), store())) {
                reactors.add(reactor(store, name).clock(clock).filter(EventFilter.category("order"))
                        .reaction((event, ctx) -> ctx.schedule("timeout:" + event.id(), Duration.ofMinutes(1),
                                "{}"))
                        .onDeadline((deadline, ctx) -> ctx.transaction().append(effects, ExpectedVersion.any(),
                                List.of(EventData.of(EFFECT, "{\"cause\":\"" + deadline.key() + "\"}"))))
                        .start());
            }
            List<RecordedEvent> orders = appendOrders(store(), 10);
            for (Reactor<T> reactor : reactors) {
                assertAwaited(reactor, last(orders));
            }

            clock.advance(Duration.ofMinutes(2));

            awaitTrue("every deadline fired", () -> store().streamVersion(effects) >= orders.size());
            awaitTrue("no deadline is left", () -> store().deadlineStore().nextDue(name).isEmpty());
        } finally {
            reactors.forEach(Reactor::close);
        }
        assertThat(effectsByCause(store(), effects)).hasSize(10)
                .allSatisfy((cause, count) -> assertThat(count).as("firings of %s", cause).isEqualTo(1));
    }

    /**
     * A rebuild reacts to the events again, and so schedules their deadlines again, fired or not. A
     * deadline whose time comes from the event (not from the clock at the reaction) is scheduled for
     * the same time, so its firing gets the same command ids, and books nothing twice.
     */
    @Test
    default void aRebuildFiresADeadlineTimedByItsEventAgainAndBooksNothingTwice() throws Exception {
        String name = newName();
        String target = newStream("tally");
        TestClock clock = new TestClock();
        CommandHandler<Add, Total, Added> tallies = tallies(store());
        List<Boolean> alreadyHandled = Collections.synchronizedList(new ArrayList<>());
        Reactor.Builder<T> builder = reactor(store(), name).clock(clock).filter(EventFilter.category("order"))
                .reaction((event, ctx) -> ctx.schedule("timeout:" + event.streamId(),
                        event.recordedAt().plus(Duration.ofMinutes(1)), "{}"))
                .onDeadline((deadline, ctx) -> alreadyHandled.add(ctx.handle(tallies, target, new Add(1))
                        .alreadyHandled()));
        RecordedEvent order;
        try (Reactor<T> reactor = builder.start()) {
            order = appendOrders(store(), 1).get(0);
            assertAwaited(reactor, order.position());
            clock.advance(Duration.ofMinutes(10));
            awaitTrue("the deadline fired", () -> alreadyHandled.size() == 1);
        }

        try (Reactor<T> reactor = builder.rebuild()) {
            assertAwaited(reactor, order.position());
            awaitTrue("the deadline scheduled again fired", () -> alreadyHandled.size() == 2);
        }

        assertThat(alreadyHandled).containsExactly(false, true);
        assertThat(store().streamVersion(target)).isEqualTo(1);
        assertThat(store().deadlineStore().nextDue(name)).isEmpty();
    }

    // ---------------------------------------------------------------- following a feed

    /**
     * Another service's log, read as a feed that long-polls (a read waits up to its poll for an entry,
     * unless asked to read now or to stop waiting), and that can be made to fail.
     */
    final class LogFeed implements EventFeed {
        private final EventStore log;
        private final Duration poll;
        private final AtomicBoolean down = new AtomicBoolean();
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();

        LogFeed(EventStore log, Duration poll) {
            this.log = log;
            this.poll = poll;
        }

        @Override
        public List<RecordedEvent> read(long afterPosition, int limit) throws Exception {
            long deadline = System.nanoTime() + poll.toNanos();
            while (true) {
                List<RecordedEvent> entries = readNow(afterPosition, limit);
                if (!entries.isEmpty() || stop.getAndSet(false) || System.nanoTime() > deadline) {
                    return entries;
                }
                Thread.sleep(5);
            }
        }

        @Override
        public List<RecordedEvent> readNow(long afterPosition, int limit) throws Exception {
            checkUp();
            return log.readAll(afterPosition, limit).toList();
        }

        @Override
        public long headPosition() throws Exception {
            checkUp();
            return log.headPosition();
        }

        @Override
        public void stopWaiting() {
            stop.set(true);
        }

        private void checkUp() throws java.io.IOException {
            if (down.get()) {
                failures.incrementAndGet();
                throw new java.io.IOException("the feed's service is down");
            }
        }
    }

    @Test
    default void aReactorFollowingALongPollingFeedIsLiveOnceCaughtUpAndNeverSitsOutAPoll() throws Exception {
        String name = newName();
        List<UUID> received = Collections.synchronizedList(new ArrayList<>());
        try (InMemoryEventStore upstream = new InMemoryEventStore()) {
            LogFeed feed = new LogFeed(upstream, Duration.ofMinutes(1));
            long start = System.nanoTime();
            Reactor<T> reactor = reactor(store(), name).source(feed).batchSize(5)
                    .filter(EventFilter.category("order"))
                    .reaction((entry, ctx) -> received.add(entry.id()))
                    .start();
            try {
                awaitTrue("the reactor of an empty feed is live", () -> reactor.state() == Subscription.State.LIVE);
                List<RecordedEvent> orders = appendOrders(upstream, 10);
                assertThat(reactor.awaitCaughtUp(TIMEOUT)).isTrue();
                assertThat(received).isEqualTo(ids(orders));
                // Entries the filter passes over, at the end of the feed: only the head says they are covered.
                upstream.append(newStream("invoice"), ExpectedVersion.noStream(), events("Invoiced", 2));
                assertAwaited(reactor, upstream.headPosition());
            } finally {
                reactor.close();
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .as("seconds taken, with reads that wait a minute").isLessThan(30);
            assertThat(reactor.state()).isEqualTo(Subscription.State.CLOSED);
        }

        // A reactor whose catching up ends with a full page is live too: 10 entries, batches of 5.
        try (InMemoryEventStore upstream = new InMemoryEventStore()) {
            appendOrders(upstream, 10);
            LogFeed feed = new LogFeed(upstream, Duration.ofMinutes(1));
            try (Reactor<T> reactor = reactor(store(), newName()).source(feed).batchSize(5)
                    .reaction((entry, ctx) -> { }).start()) {
                awaitTrue("the reactor is live after a last full page", () -> reactor.state() == Subscription.State.LIVE);
                assertThat(reactor.position()).isEqualTo(upstream.headPosition());
            }
        }
    }

    private Reactor<T> inbox(TransactionalEventStore<T> store, String name, EventFeed feed, String inbox,
            List<UUID> received) {
        return reactor(store, name).source(feed).filter(EventFilter.category("order"))
                .reaction((entry, ctx) -> {
                    received.add(entry.id());
                    effect(ctx.transaction(), inbox, entry);
                })
                .start();
    }

    @Test
    default void aFeedsEntriesTakeEffectOnceWithTheCheckpointInTheReactorsStoreAcrossARestart() throws Exception {
        String name = newName();
        String inbox = "inbox-" + name;
        List<UUID> received = Collections.synchronizedList(new ArrayList<>());
        try (InMemoryEventStore upstream = new InMemoryEventStore()) {
            LogFeed feed = new LogFeed(upstream, Duration.ofMillis(100));
            List<RecordedEvent> orders = new ArrayList<>(appendOrders(upstream, 10));
            upstream.append(newStream("invoice"), ExpectedVersion.noStream(), events("Invoiced", 2));
            try (Reactor<T> reactor = inbox(store(), name, feed, inbox, received)) {
                orders.addAll(appendOrders(upstream, 5));
                assertAwaited(reactor, upstream.headPosition());
                assertThat(store().checkpointStore().load(name)).isGreaterThanOrEqualTo(last(orders));
            }

            TransactionalEventStore<T> restarted = restart();
            orders.addAll(appendOrders(upstream, 5));
            try (Reactor<T> reactor = inbox(restarted, name, feed, inbox, received)) {
                assertAwaited(reactor, upstream.headPosition());
            }

            assertThat(received).isEqualTo(ids(orders));
            Map<String, Long> byCause = effectsByCause(restarted, inbox);
            assertThat(byCause).hasSize(20).allSatisfy((cause, count) -> assertThat(count).isEqualTo(1));
            assertThat(restarted.checkpointStore().load(name)).isEqualTo(upstream.headPosition());
        }
    }

    @Test
    default void aReactorFollowingAFeedKeepsGoingAfterTheFeedFailsForAWhile() throws Exception {
        String name = newName();
        String inbox = "inbox-" + name;
        List<UUID> received = Collections.synchronizedList(new ArrayList<>());
        try (InMemoryEventStore upstream = new InMemoryEventStore()) {
            LogFeed feed = new LogFeed(upstream, Duration.ofMillis(100));
            List<RecordedEvent> orders = new ArrayList<>(appendOrders(upstream, 5));
            try (Reactor<T> reactor = inbox(store(), name, feed, inbox, received)) {
                assertAwaited(reactor, last(orders));

                feed.down.set(true);
                orders.addAll(appendOrders(upstream, 5));
                awaitTrue("the reactor met the failing feed twice", () -> feed.failures.get() >= 2);
                assertThat(reactor.failure()).isEmpty();
                feed.down.set(false);

                assertAwaited(reactor, last(orders));
                assertThat(reactor.state()).isEqualTo(Subscription.State.LIVE);
            }
            assertThat(received).isEqualTo(ids(orders));
            assertThat(effectsByCause(store(), inbox)).hasSize(10)
                    .allSatisfy((cause, count) -> assertThat(count).isEqualTo(1));
            assertThat(store().checkpointStore().load(name)).isEqualTo(last(orders));
        }
    }
}
