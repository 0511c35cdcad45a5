package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.EventTransaction;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.reactor.ParkedEvent;
import dev.eventstore.reactor.ParkedEvents;
import dev.eventstore.reactor.Poison;
import dev.eventstore.spi.AbstractEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Parking on per-event subscriptions, on each store: a subscription built with {@link Poison#PARK} parks
 * an event its handler keeps failing on and goes on; the later events of its stream wait behind it,
 * other streams do not; a retry after the fix, or a skip, hands the waiting events to the handler in
 * order and releases the stream, also while the subscription runs and the stream grows; a subscription
 * of the same name started later finds the parked events; stopping stays the default; parking is
 * refused without a name, for batches, and on a store that keeps no parked events.
 *
 * @param <T> the store's transaction type
 */
public interface SubscriptionParkingContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** What the handler of one test saw; events whose id is in {@link #poison} fail. */
    final class Parcels {
        final String name = "parcel-sub-" + UUID.randomUUID().toString().substring(0, 8);
        final Set<UUID> poison = ConcurrentHashMap.newKeySet();
        final List<RecordedEvent> handled = Collections.synchronizedList(new ArrayList<>());
        final List<String> parkedReports = Collections.synchronizedList(new ArrayList<>());
        /** How long the handler takes for an event, in milliseconds: to widen the windows of a race. */
        volatile long millis;

        void handle(RecordedEvent event) throws InterruptedException {
            if (millis > 0) {
                Thread.sleep(millis);
            }
            if (poison.contains(event.id())) {
                throw new IllegalStateException("cannot deliver " + event.streamId() + "@" + event.version());
            }
            handled.add(event);
        }

        /** @return the positions handled of one stream, in the order handled */
        List<Long> handledOf(String streamId) {
            synchronized (handled) {
                return handled.stream().filter(e -> e.streamId().equals(streamId)).map(RecordedEvent::position).toList();
            }
        }
    }

    private Subscription subscribe(Parcels parcels, long afterPosition) {
        return store().subscribe(SubscriptionOptions.builder(EventFilter.category("parcel")).name(parcels.name)
                .afterPosition(afterPosition).retry(FAST_RETRY).onPoison(Poison.PARK).build(), parcels::handle);
    }

    private RecordedEvent appendParcel(String streamId) {
        long position = append(streamId, event("Parcel")).lastPosition();
        return readAll().stream().filter(e -> e.position() == position).findFirst().orElseThrow();
    }

    private RecordedEvent appendPoison(Parcels parcels, String streamId) {
        RecordedEvent event = appendParcel(streamId);
        parcels.poison.add(event.id());
        return event;
    }

    private static List<Long> positionsOf(RecordedEvent... events) {
        List<Long> positions = new ArrayList<>();
        for (RecordedEvent event : events) {
            positions.add(event.position());
        }
        return positions;
    }

    private void reportParkedTo(Parcels parcels) {
        ((AbstractEventStore) store()).metricsListener(new MetricsListener() {
            @Override
            public void parked(String consumer, long position, Throwable error) {
                parcels.parkedReports.add(consumer + "@" + position + ":" + (error == null ? "waits" : error.getMessage()));
            }
        });
    }

    // ---------------------------------------------------------------- parking

    @Test
    default void aPoisonEventIsParkedWithItsErrorAndTheSubscriptionGoesOn() throws Exception {
        Parcels parcels = new Parcels();
        reportParkedTo(parcels);
        String a = newStream("parcel");
        String b = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent b1 = appendParcel(b);
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(b1.position(), TIMEOUT)).isTrue();
            RecordedEvent b2 = appendParcel(b);
            assertThat(subscription.awaitPosition(b2.position(), TIMEOUT)).isTrue();

            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);
            assertThat(subscription.failure()).isEmpty();
            assertThat(subscription.position()).isEqualTo(b2.position());
            assertThat(parcels.handledOf(b)).containsExactlyElementsOf(positionsOf(b1, b2));
            assertThat(parcels.handledOf(a)).isEmpty();

            ParkedEvents parked = subscription.parkedEvents();
            assertThat(parked.consumer()).isEqualTo(parcels.name);
            assertThat(parked.list()).hasSize(1);
            ParkedEvent head = parked.find(a1.position()).orElseThrow();
            assertThat(head.consumer()).isEqualTo(parcels.name);
            assertThat(head.streamId()).isEqualTo(a);
            assertThat(head.eventType()).isEqualTo("Parcel");
            assertThat(head.attempts()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(head.error()).contains("IllegalStateException", "cannot deliver " + a + "@1");
            assertThat(head.isHead()).isTrue();
            assertThat(store().parkedEventStore().list(parcels.name)).containsExactly(head);
            assertThat(parcels.parkedReports).containsExactly(parcels.name + "@" + a1.position() + ":cannot deliver "
                    + a + "@1");
        }
    }

    @Test
    default void laterEventsOfTheParkedStreamWaitBehindItAndOtherStreamsDoNot() throws Exception {
        Parcels parcels = new Parcels();
        reportParkedTo(parcels);
        String a = newStream("parcel");
        String b = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent b1 = appendParcel(b);
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(b1.position(), TIMEOUT)).isTrue();
            // Live, after the parking: waits too.
            RecordedEvent a3 = appendParcel(a);
            RecordedEvent b2 = appendParcel(b);
            assertThat(subscription.awaitPosition(b2.position(), TIMEOUT)).isTrue();

            assertThat(parcels.handledOf(a)).as("nothing of the parked stream is handled").isEmpty();
            assertThat(parcels.handledOf(b)).containsExactlyElementsOf(positionsOf(b1, b2));
            List<ParkedEvent> list = subscription.parkedEvents().list();
            assertThat(list).extracting(ParkedEvent::position).containsExactlyElementsOf(positionsOf(a1, a2, a3));
            assertThat(list.get(1).waitingBehind()).isEqualTo(a1.position());
            assertThat(list.get(1).attempts()).isZero();
            assertThat(list.get(1).error()).isNull();
            assertThat(list.get(2).waitingBehind()).isEqualTo(a1.position());
            assertThat(parcels.parkedReports).containsExactly(
                    parcels.name + "@" + a1.position() + ":cannot deliver " + a + "@1",
                    parcels.name + "@" + a2.position() + ":waits",
                    parcels.name + "@" + a3.position() + ":waits");
        }
    }

    // ---------------------------------------------------------------- retry and skip

    @Test
    default void retryAfterTheFixHandsTheStreamToTheHandlerInOrderAndReleasesIt() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent a2 = appendParcel(a);
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(a2.position(), TIMEOUT)).isTrue();
            ParkedEvents parked = subscription.parkedEvents();
            assertThatThrownBy(() -> parked.retry(a2.position())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("waits behind the parked event at position " + a1.position());
            assertThatThrownBy(() -> parked.retry(a2.position() + 1000)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no parked event at position " + (a2.position() + 1000));

            parcels.poison.clear();
            Thread caller = Thread.currentThread();
            assertThat(parked.retry(a1.position())).isEqualTo(2);
            assertThat(parcels.handledOf(a)).containsExactlyElementsOf(positionsOf(a1, a2));
            assertThat(parked.list()).isEmpty();
            assertThat(Thread.currentThread()).isSameAs(caller);

            // Released: the subscription handles the stream's next event itself.
            RecordedEvent a3 = appendParcel(a);
            assertThat(subscription.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).containsExactlyElementsOf(positionsOf(a1, a2, a3));
            assertThat(parked.list()).isEmpty();
        }
    }

    @Test
    default void skipDropsTheParkedEventAndHandsTheWaitingOnesToTheHandler() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent a2 = appendParcel(a);
        RecordedEvent a3 = appendParcel(a);
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(subscription.parkedEvents().skip(a1.position())).isEqualTo(2);
            assertThat(parcels.handledOf(a)).containsExactlyElementsOf(positionsOf(a2, a3));
            assertThat(subscription.parkedEvents().list()).isEmpty();
            assertThatThrownBy(() -> subscription.parkedEvents().skip(a1.position()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    default void aRetryThatFailsAgainKeepsTheEventParkedWithItsAttemptsAdded() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendParcel(a);
        RecordedEvent a2 = appendPoison(parcels, a);
        RecordedEvent a3 = appendParcel(a);
        parcels.poison.add(a1.id());
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            ParkedEvents parked = subscription.parkedEvents();

            assertThatThrownBy(() -> parked.retry(a1.position())).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining(parcels.name).hasMessageContaining("position " + a1.position())
                    .hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(parked.find(a1.position()).orElseThrow().attempts()).isEqualTo(2 * FAST_RETRY.maxAttempts());

            // The fix for the first only: the second becomes the stream's head, the third waits behind it.
            parcels.poison.remove(a1.id());
            assertThatThrownBy(() -> parked.retry(a1.position())).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("position " + a2.position());
            assertThat(parcels.handledOf(a)).containsExactlyElementsOf(positionsOf(a1));
            List<ParkedEvent> list = parked.list();
            assertThat(list).extracting(ParkedEvent::position).containsExactlyElementsOf(positionsOf(a2, a3));
            assertThat(list.get(0).isHead()).isTrue();
            assertThat(list.get(0).attempts()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(list.get(1).waitingBehind()).isEqualTo(a2.position());
            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);
        }
    }

    @Test
    default void aRetryWhileTheParkedStreamGrowsHandlesEachEventOnceInOrder() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        String b = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent a2 = appendParcel(a);
        List<RecordedEvent> appended = Collections.synchronizedList(new ArrayList<>(List.of(a1, a2)));
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try (Subscription subscription = subscribe(parcels, start)) {
            assertThat(subscription.awaitPosition(a2.position(), TIMEOUT)).isTrue();
            parcels.poison.clear();
            AtomicBoolean appending = new AtomicBoolean(true);
            Future<Integer> writes = appender.submit(() -> {
                int count = 0;
                // Bounded: a release that chases a stream growing without end would never return.
                while (count < 20 || (appending.get() && count < 200)) {
                    appended.add(appendParcel(a));
                    appendParcel(b);
                    count++;
                }
                return count;
            });
            // Parked before the retry starts, and more while it runs: a slow handler keeps the retry busy.
            awaitTrue("events wait behind the parked one", () -> subscription.parkedEvents().list().size() > 4);
            parcels.millis = 1;
            int released = subscription.parkedEvents().retry(a1.position());
            appending.set(false);
            int count = TransactionalStoreFixture.await(writes);
            RecordedEvent last = appended.get(appended.size() - 1);
            assertThat(subscription.awaitPosition(store().headPosition(), TIMEOUT)).isTrue();

            assertThat(released).isGreaterThanOrEqualTo(2);
            assertThat(parcels.handledOf(a)).as("each event of the stream once, in order").containsExactlyElementsOf(
                    appended.stream().map(RecordedEvent::position).sorted().toList());
            assertThat(parcels.handledOf(a)).hasSize(count + 2);
            assertThat(parcels.handledOf(b)).hasSize(count);
            assertThat(subscription.parkedEvents().list()).isEmpty();
            assertThat(subscription.position()).isGreaterThanOrEqualTo(last.position());
        } finally {
            appender.shutdownNow();
        }
    }

    @Test
    default void aSubscriptionOfTheSameNameStartedLaterFindsTheParkedEvents() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        RecordedEvent a2 = appendParcel(a);
        try (Subscription first = subscribe(parcels, start)) {
            assertThat(first.awaitPosition(a2.position(), TIMEOUT)).isTrue();
        }
        RecordedEvent a3 = appendParcel(a);
        parcels.poison.clear();
        // From the start again: the parked events are met again and left as they are; a3 waits behind them.
        try (Subscription second = subscribe(parcels, start)) {
            assertThat(second.awaitPosition(a3.position(), TIMEOUT)).isTrue();
            assertThat(parcels.handledOf(a)).isEmpty();
            List<ParkedEvent> list = second.parkedEvents().list();
            assertThat(list).extracting(ParkedEvent::position).containsExactlyElementsOf(positionsOf(a1, a2, a3));
            assertThat(list.get(0).attempts()).isEqualTo(FAST_RETRY.maxAttempts());

            assertThat(second.parkedEvents().retry(a1.position())).isEqualTo(3);
            assertThat(parcels.handledOf(a)).containsExactlyElementsOf(positionsOf(a1, a2, a3));
        }
    }

    // ---------------------------------------------------------------- the default, and refusals

    @Test
    default void withoutParkingASubscriptionStillStopsOnAPoisonEvent() throws Exception {
        Parcels parcels = new Parcels();
        String a = newStream("parcel");
        long start = store().headPosition();
        RecordedEvent a1 = appendPoison(parcels, a);
        SubscriptionOptions options = SubscriptionOptions.builder(EventFilter.category("parcel")).name(parcels.name)
                .afterPosition(start).retry(FAST_RETRY).build();
        assertThat(options.poison()).isEqualTo(Poison.STOP);
        try (Subscription subscription = store().subscribe(options, parcels::handle)) {
            assertThatThrownBy(() -> subscription.stopped().get(TIMEOUT.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)).hasCauseInstanceOf(SubscriptionFailedException.class);
            assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
            assertThat(subscription.position()).isEqualTo(start);
            assertThat(subscription.failure().orElseThrow().getMessage()).contains("position " + a1.position());
            assertThatThrownBy(subscription::parkedEvents).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("onPoison(Poison.PARK)");
        }
        assertThat(store().parkedEventStore().list(parcels.name)).isEmpty();
    }

    @Test
    default void parkingIsRefusedWithoutANameForBatchesAndOnAStoreThatKeepsNoParkedEvents() {
        SubscriptionOptions.Builder unnamed = SubscriptionOptions.builder(EventFilter.category("parcel"))
                .onPoison(Poison.PARK);
        assertThatThrownBy(unnamed::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a name");

        SubscriptionOptions options = SubscriptionOptions.builder(EventFilter.category("parcel")).name("batches")
                .onPoison(Poison.PARK).build();
        assertThatThrownBy(() -> store().subscribeBatches(options, events -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscribeBatches")
                .hasMessageContaining("'batches'");

        // A store that is no TransactionalEventStore has nowhere to keep them.
        ArchivedStore plain = new ArchivedStore(store(), () -> {
            throw new AssertionError("not read");
        }, Path.of("unused"));
        assertThatThrownBy(() -> plain.subscribe(options, event -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ArchivedStore keeps no parked events");
    }
}
