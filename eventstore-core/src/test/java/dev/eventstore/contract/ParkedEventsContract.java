package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEvents;
import dev.eventstore.reactor.Poison;
import dev.eventstore.reactor.ReactionFailedException;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.spi.AbstractEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parked events on each store: a reactor built with {@link Poison#PARK} parks a poison event in the
 * store and goes on; the later events of its stream wait behind it, other streams do not; a retry after
 * the fix, or a skip, reacts to the waiting ones in order and releases the stream, also while the
 * reactor runs; the parked state outlives a restart; stopping stays the default.
 *
 * <p>The reactions here append, in their transaction, an effect naming the event (not idempotent: only
 * the checkpoint, or the parked row's removal, keeps it from happening twice).
 *
 * @param <T> the store's transaction type
 */
public interface ParkedEventsContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** The type of the effects the reactions append. */
    String PARKED_EFFECT = "ParcelEffect";

    /** What the reactions of one test saw and did; poison events fail until taken out of {@link #poison}. */
    final class Parcels {
        final String name = "parcels-" + UUID.randomUUID().toString().substring(0, 8);
        final Set<UUID> poison = ConcurrentHashMap.newKeySet();
        final List<RecordedEvent> handled = Collections.synchronizedList(new ArrayList<>());

        /** @return the positions handled of one stream, in the order handled */
        List<Long> handledOf(String streamId) {
            synchronized (handled) {
                return handled.stream().filter(e -> e.streamId().equals(streamId)).map(RecordedEvent::position).toList();
            }
        }
    }

    private <X extends EventTransaction> Reactor.Builder<X> parcels(TransactionalEventStore<X> store, Parcels parcels) {
        return Reactor.builder(parcels.name, store).retry(FAST_RETRY).filter(EventFilter.category("parcel"))
                .reaction((event, ctx) -> {
                    if (parcels.poison.contains(event.id())) {
                        throw new IllegalStateException("cannot deliver " + event.streamId() + "@" + event.version());
                    }
                    ctx.transaction().append("parceleffect-" + parcels.name, ExpectedVersion.any(),
                            List.of(EventData.of(PARKED_EFFECT, "{\"cause\":\"" + event.id() + "\"}")));
                    parcels.handled.add(event);
                });
    }

    private RecordedEvent appendParcel(String streamId) {
        long version = append(streamId, event("Parcel")).nextExpectedVersion();
        try (java.util.stream.Stream<RecordedEvent> read = store().readStream(streamId, version, 1, Direction.FORWARD)) {
            return read.findFirst().orElseThrow();
        }
    }

    /** @return for each event id, how many effects name it */
    private Map<String, Long> effects(Parcels parcels) {
        return readStream("parceleffect-" + parcels.name).stream()
                .map(e -> json(e.data()).get("cause").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<Long> positionsOf(RecordedEvent... events) {
        List<Long> positions = new ArrayList<>();
        for (RecordedEvent event : events) {
            positions.add(event.position());
        }
        return positions;
    }

    // ---------------------------------------------------------------- the store

    @Test
    default void parkedEventsCommitAndRollBackWithTheTransactionThatWroteThem() throws Exception {
        String consumer = "store-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.parse("2026-11-29T10:15:30.123456Z");
        ParkedEvent head = new ParkedEvent(consumer, 7, "parcel-x", "Parcel", "java.lang.IllegalStateException: no", 3,
                at, 0);
        ParkedEvent waiting = new ParkedEvent(consumer, 9, "parcel-x", "Parcel", null, 0, at, 7);
        ParkedEvent other = new ParkedEvent(consumer, 8, "parcel-y", "Parcel", "boom", 1, at, 0);

        onOtherThread(() -> {
            try (T tx = store().beginTransaction()) {
                store().parkedEventStore().within(tx).park(head);
                assertThat(store().parkedEventStore().within(tx).find(consumer, 7)).contains(head);
            }
            return null;
        });
        assertThat(store().parkedEventStore().list(consumer)).as("rolled back").isEmpty();

        store().inTransaction(tx -> {
            store().parkedEventStore().within(tx).park(head);
            store().parkedEventStore().within(tx).park(waiting);
            store().parkedEventStore().within(tx).park(other);
            return null;
        });
        assertThat(store().parkedEventStore().list(consumer)).containsExactly(head, other, waiting);
        assertThat(store().parkedEventStore().stream(consumer, "parcel-x")).containsExactly(head, waiting);
        assertThat(store().parkedEventStore().streams(consumer)).containsExactlyInAnyOrder("parcel-x", "parcel-y");
        assertThat(store().parkedEventStore().list("someone-else")).isEmpty();

        ParkedEvent retried = new ParkedEvent(consumer, 7, "parcel-x", "Parcel", "again", 4, at.plusSeconds(1), 0);
        store().parkedEventStore().park(retried);
        assertThat(store().parkedEventStore().find(consumer, 7)).contains(retried);
        assertThat(store().parkedEventStore().remove(consumer, 7)).isTrue();
        assertThat(store().parkedEventStore().remove(consumer, 7)).isFalse();
        assertThat(store().parkedEventStore().stream(consumer, "parcel-x")).containsExactly(waiting);

        assertThatThrownBy(() -> new ParkedEvent(consumer, 5, "s", "T", null, 0, at, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitingBehind").hasMessageContaining("5");
        assertThatThrownBy(() -> new ParkedEvent(" ", 5, "s", "T", null, 0, at, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer");
        assertThatThrownBy(() -> new ParkedEvent(consumer, 0, "s", "T", null, 0, at, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
        assertThat(new ParkedEvent(consumer, 5, "s", "T", "x".repeat(5000), 1, at, 0).error())
                .hasSize(ParkedEvent.MAX_ERROR_LENGTH);
    }

    // ---------------------------------------------------------------- parking

    @Test
    default void aPoisonEventIsParkedAndTheReactorGoesOnWithOtherStreamsWhileItsStreamWaitsBehindIt() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        String b = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent b1 = appendParcel(b);
        RecordedEvent a3 = appendParcel(a);
        RecordedEvent b2 = appendParcel(b);
        parcels.poison.add(a2.id());
        Instant before = Instant.now().minusSeconds(1);
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        ((AbstractEventStore) store()).metricsListener(new MetricsListener() {
            @Override
            public void parked(String consumer, long position, Throwable error) {
                reported.add(consumer + ":" + position + ":" + (error == null ? "waiting" : error.getMessage()));
            }
        });

        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(b2.position(), TIMEOUT)).isTrue();
            assertThat(reported).as("reported to the store's metrics listener").containsExactly(
                    parcels.name + ":" + a2.position() + ":cannot deliver " + a + "@2",
                    parcels.name + ":" + a3.position() + ":waiting");

            assertThat(reactor.state()).isIn(Subscription.State.CATCHING_UP, Subscription.State.LIVE);
            assertThat(parcels.handledOf(a)).as("stream a stops at its poison event").isEqualTo(positionsOf(a1));
            assertThat(parcels.handledOf(b)).as("stream b goes on").isEqualTo(positionsOf(b1, b2));
            assertThat(store().checkpointStore().load(parcels.name)).as("the checkpoint moved past the parked events")
                    .isEqualTo(b2.position());
            List<ParkedEvent> parked = reactor.parkedEvents().list();
            assertThat(parked).hasSize(2);
            ParkedEvent head = parked.get(0);
            assertThat(head.consumer()).isEqualTo(parcels.name);
            assertThat(head.position()).isEqualTo(a2.position());
            assertThat(head.streamId()).isEqualTo(a);
            assertThat(head.eventType()).isEqualTo("Parcel");
            assertThat(head.error()).contains("IllegalStateException", "cannot deliver " + a + "@2");
            assertThat(head.attempts()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(head.isHead()).isTrue();
            assertThat(head.parkedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            ParkedEvent waiting = parked.get(1);
            assertThat(waiting.position()).isEqualTo(a3.position());
            assertThat(waiting.waitingBehind()).as("a3 waits behind a2").isEqualTo(a2.position());
            assertThat(waiting.attempts()).as("a waiting event is never tried").isZero();
            assertThat(waiting.error()).isNull();
            assertThat(effects(parcels)).as("nothing of the parked events happened")
                    .doesNotContainKeys(a2.id().toString(), a3.id().toString());

            // A later event of the parked stream waits too; one of another stream does not.
            RecordedEvent a4 = appendParcel(a);
            RecordedEvent b3 = appendParcel(b);
            assertThat(reactor.awaitPosition(b3.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1));
            assertThat(parcels.handledOf(b)).isEqualTo(positionsOf(b1, b2, b3));
            assertThat(reactor.parkedEvents().list()).extracting(ParkedEvent::position, ParkedEvent::waitingBehind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(a2.position(), 0L),
                            org.assertj.core.groups.Tuple.tuple(a3.position(), a2.position()),
                            org.assertj.core.groups.Tuple.tuple(a4.position(), a2.position()));
        }
    }

    @Test
    default void stoppingStaysTheDefaultAndParksNothing() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        appendParcel(newStream("parcel"));
        parcels.poison.add(a1.id());

        try (Reactor<T> reactor = parcels(store(), parcels).start()) {
            Throwable thrown = catchThrowable(() -> reactor.stopped().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SubscriptionFailedException.class);
            assertThat(reactor.state()).isEqualTo(Subscription.State.FAILED);
            assertThat(parcels.handled).isEmpty();
            assertThat(reactor.parkedEvents().list()).isEmpty();
            assertThat(store().checkpointStore().load(parcels.name)).isLessThan(a2.position()).isLessThan(a1.position());
        }
    }

    // ---------------------------------------------------------------- retry and skip

    @Test
    default void aRetryAfterTheFixReactsToTheParkedEventThenToThoseWaitingBehindItInOrder() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        String b = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent a3 = appendParcel(a);
        RecordedEvent b1 = appendParcel(b);
        RecordedEvent a4 = appendParcel(a);
        parcels.poison.add(a1.id());

        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a4.position(), TIMEOUT)).isTrue();
            ParkedEvents parked = reactor.parkedEvents();
            assertThat(parked.list()).hasSize(4);

            parcels.poison.clear(); // the fix
            assertThat(parked.retry(a1.position())).as("events reacted to").isEqualTo(4);

            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2, a3, a4));
            assertThat(parcels.handledOf(b)).isEqualTo(positionsOf(b1));
            assertThat(parked.list()).isEmpty();
            assertThat(effects(parcels)).as("each event's effect once").hasSize(5).allSatisfy((id, n) -> assertThat(n).isOne());

            // The stream is released: the reactor reacts to its next event itself.
            RecordedEvent a5 = appendParcel(a);
            assertThat(reactor.awaitPosition(a5.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2, a3, a4, a5));
            assertThat(parked.list()).isEmpty();
        }
    }

    @Test
    default void aSkipDropsTheParkedEventAndReleasesThoseWaitingBehindIt() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent a3 = appendParcel(a);
        parcels.poison.add(a1.id());

        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(reactor.parkedEvents().skip(a1.position())).as("waiting events reacted to").isEqualTo(2);

            assertThat(parcels.handledOf(a)).as("never a1").isEqualTo(positionsOf(a2, a3));
            assertThat(reactor.parkedEvents().list()).isEmpty();
            assertThat(effects(parcels)).doesNotContainKey(a1.id().toString()).hasSize(2);
            RecordedEvent a4 = appendParcel(a);
            assertThat(reactor.awaitPosition(a4.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a2, a3, a4));
        }
    }

    @Test
    default void aRetryThatFailsAgainKeepsTheEventParkedWithItsAttemptsCounted() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent a3 = appendParcel(a);
        parcels.poison.add(a1.id());
        parcels.poison.add(a2.id());

        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            ParkedEvents parked = reactor.parkedEvents();

            assertThatThrownBy(() -> parked.retry(a1.position())).isInstanceOf(ReactionFailedException.class)
                    .hasMessageContaining(Long.toString(a1.position()));
            ParkedEvent head = parked.find(a1.position()).orElseThrow();
            assertThat(head.attempts()).as("the reactor's attempts, then the retry's").isEqualTo(2 * FAST_RETRY.maxAttempts());
            assertThat(head.isHead()).isTrue();
            assertThat(parked.find(a2.position()).orElseThrow().waitingBehind()).isEqualTo(a1.position());

            // Bad positions name themselves.
            assertThatThrownBy(() -> parked.retry(a2.position())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("waits behind the parked event at position " + a1.position());
            assertThatThrownBy(() -> parked.skip(a3.position() + 1000)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no parked event at position " + (a3.position() + 1000));

            // a1 fixed, a2 not: a1 is handled, a2 heads the stream now, a3 waits behind it.
            parcels.poison.remove(a1.id());
            assertThatThrownBy(() -> parked.retry(a1.position())).isInstanceOf(ReactionFailedException.class)
                    .hasMessageContaining(Long.toString(a2.position()));
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1));
            assertThat(parked.list()).extracting(ParkedEvent::position, ParkedEvent::waitingBehind, ParkedEvent::attempts)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(a2.position(), 0L, FAST_RETRY.maxAttempts()),
                            org.assertj.core.groups.Tuple.tuple(a3.position(), a2.position(), 0));

            parcels.poison.clear();
            assertThat(parked.retry(a2.position())).isEqualTo(2);
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2, a3));
            assertThat(parked.list()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- restarts and concurrency

    @Test
    default void aRebuildForgetsTheParkedEventsAndReactsToThemAgain() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent a3 = appendParcel(a);
        parcels.poison.add(a2.id());
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(reactor.parkedEvents().list()).hasSize(2);
        }
        parcels.poison.clear();
        parcels.handled.clear();
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).rebuild()) {
            assertThat(reactor.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2, a3));
            assertThat(reactor.parkedEvents().list()).isEmpty();
        }
    }

    @Test
    default void aStreamParkedByAnotherProcessOfTheSameNameHoldsBackAReactorThatDidNotParkIt() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        String b = newStream("parcel");
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            // Another process of this name parks a's first event, in the transaction that records it.
            long a1 = store().inTransaction(tx -> {
                long position = tx.append(a, ExpectedVersion.any(), List.of(event("Parcel"))).lastPosition();
                store().parkedEventStore().within(tx).park(new ParkedEvent(parcels.name, position, a, "Parcel",
                        "java.lang.IllegalStateException: elsewhere", 3, Instant.now(), 0));
                store().checkpointStore().within(tx).save(parcels.name, position);
                return position;
            });
            RecordedEvent a2 = appendParcel(a);
            RecordedEvent b1 = appendParcel(b);
            assertThat(reactor.awaitPosition(b1.position(), TIMEOUT)).isTrue();

            assertThat(parcels.handledOf(a)).as("a2 waits behind a1, though this reactor did not park a1").isEmpty();
            assertThat(parcels.handledOf(b)).isEqualTo(positionsOf(b1));
            assertThat(reactor.parkedEvents().find(a2.position()).orElseThrow().waitingBehind()).isEqualTo(a1);
            assertThat(reactor.parkedEvents().skip(a1)).isEqualTo(1);
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a2));
        }
    }

    @Test
    default void theParkedStateOutlivesARestartOfTheReactorAndTheStore() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        parcels.poison.add(a1.id());
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a2.position(), TIMEOUT)).isTrue();
        }
        restart();

        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.parkedEvents().list()).extracting(ParkedEvent::position)
                    .containsExactly(a1.position(), a2.position());
            // The restarted reactor knows the stream is parked: a new event waits behind a1.
            RecordedEvent a3 = appendParcel(a);
            assertThat(reactor.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handled).isEmpty();
            assertThat(reactor.parkedEvents().find(a3.position()).orElseThrow().waitingBehind()).isEqualTo(a1.position());

            parcels.poison.clear();
            assertThat(reactor.parkedEvents().retry(a1.position())).isEqualTo(3);
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2, a3));
        }
    }

    @Test
    default void aRetryWhileTheReactorRunsAndEventsOfTheStreamKeepComingReactsToEachOnceInOrder() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        String b = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        parcels.poison.add(a1.id());
        int more = 60;
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            awaitTrue("a1 is parked", () -> reactor.parkedEvents().find(a1.position()).isPresent());
            ExecutorService writers = Executors.newSingleThreadExecutor();
            try {
                Future<Long> written = writers.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < more; i++) {
                        last = appendParcel(a).position();
                        appendParcel(b);
                        if (i % 10 == 0) {
                            Thread.sleep(2);
                        }
                    }
                    return last;
                });
                // The retry races the writer and the reactor, which parks a's new events behind a1 meanwhile.
                while (reactor.parkedEvents().list().size() < 5 && !written.isDone()) {
                    Thread.sleep(1);
                }
                parcels.poison.clear();
                int handledByRetry = onOtherThread(() -> reactor.parkedEvents().retry(a1.position()));
                long last = TransactionalStoreFixture.await(written);
                assertThat(reactor.awaitCaughtUp(TIMEOUT)).isTrue();

                assertThat(handledByRetry).as("the retry reacted to a1 and those that waited").isGreaterThanOrEqualTo(1);
                List<Long> expected = readStream(a).stream().map(RecordedEvent::position).toList();
                assertThat(expected).hasSize(more + 1);
                assertThat(parcels.handledOf(a)).as("each event of a once, in order, whoever reacted to it")
                        .isEqualTo(expected);
                assertThat(parcels.handledOf(b)).hasSize(more);
                assertThat(reactor.parkedEvents().list()).isEmpty();
                assertThat(effects(parcels)).hasSize(2 * more + 1).allSatisfy((id, n) -> assertThat(n).isOne());
                assertThat(last).isEqualTo(expected.get(expected.size() - 1));
            } finally {
                writers.shutdownNow();
            }
        }
    }

    @Test
    default void twoRetriesOfOneParkedEventAtOnceReactToItOnce() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendParcel(a);
        parcels.poison.add(a1.id());
        try (Reactor<T> reactor = parcels(store(), parcels).onPoison(Poison.PARK).start()) {
            assertThat(reactor.awaitPosition(a2.position(), TIMEOUT)).isTrue();
            parcels.poison.clear();
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    results.add(callers.submit(() -> reactor.parkedEvents().retry(a1.position())));
                }
                int succeeded = 0;
                for (Future<Integer> result : results) {
                    try {
                        assertThat(TransactionalStoreFixture.await(result)).isEqualTo(2);
                        succeeded++;
                    } catch (IllegalStateException | IllegalArgumentException lost) {
                        assertThat(lost).hasMessageContaining(Long.toString(a1.position()));
                    }
                }
                assertThat(succeeded).isOne();
            } finally {
                callers.shutdownNow();
            }
            assertThat(parcels.handledOf(a)).isEqualTo(positionsOf(a1, a2));
            assertThat(effects(parcels)).hasSize(2).allSatisfy((id, n) -> assertThat(n).isOne());
        }
    }
}
