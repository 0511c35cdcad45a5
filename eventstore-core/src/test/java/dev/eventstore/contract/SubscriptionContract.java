package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventstore.AppendResult;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventHandler;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionFailedException;
import dev.eventstore.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Catch-up subscriptions: existing events then live ones, in position order, each once, filtered;
 * retries of a failing handler and the failed state; batches; closing.
 */
public interface SubscriptionContract extends StoreFixture {

    /** Writer threads of the concurrent-delivery test. */
    int WRITERS = 4;
    /** Appends per writer thread (of 1 to 3 events each) in the concurrent-delivery test. */
    int APPENDS_PER_WRITER = 250;

    /** A handler that records what it is given, on any thread. */
    final class Recorder implements EventHandler {
        private final List<RecordedEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void handle(RecordedEvent event) {
            events.add(event);
        }

        /** @return a copy of what was delivered so far */
        public List<RecordedEvent> events() {
            synchronized (events) {
                return new ArrayList<>(events);
            }
        }

        /** @return how many events were delivered so far */
        public int size() {
            return events.size();
        }
    }

    /** A thrown on purpose by test handlers. */
    final class HandlerFailure extends Exception {
        HandlerFailure(String message) {
            super(message);
        }
    }

    private Subscription subscribe(EventFilter filter, long after, EventHandler handler) {
        return store().subscribe(SubscriptionOptions.builder(filter).afterPosition(after).retry(FAST_RETRY).build(),
                handler);
    }

    private static void assertCaughtUp(Subscription subscription) throws InterruptedException {
        assertThat(subscription.awaitCaughtUp(TIMEOUT)).as("caught up within %s", TIMEOUT).isTrue();
    }

    private static void assertStops(Subscription subscription) {
        try {
            subscription.stopped().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("subscription did not stop normally within " + TIMEOUT, e);
        }
    }

    private static SubscriptionFailedException failureOf(Subscription subscription) {
        Throwable thrown = catchThrowable(() -> subscription.stopped().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).as("stopped() of a failed subscription").isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(SubscriptionFailedException.class);
        return (SubscriptionFailedException) thrown.getCause();
    }

    // ---------------------------------------------------------------- delivery

    @Test
    default void aSubscriptionDeliversExistingEventsThenLiveOnes() throws Exception {
        appendEvents(newStream("account"), 3);
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, recorder)) {
            assertCaughtUp(subscription);
            assertThat(ids(recorder.events())).isEqualTo(ids(readAll()));
            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);

            appendEvents(newStream("order"), 2);
            appendEvents(newStream("account"), 1);
            assertCaughtUp(subscription);
            assertThat(recorder.events()).hasSize(6);
            assertThat(ids(recorder.events())).isEqualTo(ids(readAll()));
            assertThat(subscription.position()).isEqualTo(store().headPosition());
        }
    }

    /**
     * An append through the store wakes its caught-up subscriptions at once; they do not wait for their
     * next poll (a second, by default). Three appends in a row make a lucky poll unlikely to hide a
     * missing wake-up.
     */
    @Test
    default void aLiveSubscriptionIsWokenByAnAppendThroughItsStore() throws Exception {
        java.util.concurrent.BlockingQueue<RecordedEvent> delivered = new java.util.concurrent.LinkedBlockingQueue<>();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, delivered::add)) {
            assertCaughtUp(subscription);
            for (int i = 0; i < 3; i++) {
                EventData event = event("Live");
                append(newStream("account"), event);
                RecordedEvent received = delivered.poll(250, TimeUnit.MILLISECONDS);
                assertThat(received).as("event %d delivered within 250 ms of its append", i).isNotNull();
                assertThat(received.id()).isEqualTo(event.id());
            }
        }
    }

    @Test
    default void aSubscriptionOnAnEmptyStoreIsCaughtUpAtOnce() throws Exception {
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, recorder)) {
            assertCaughtUp(subscription);
            assertThat(recorder.events()).isEmpty();
            assertThat(subscription.position()).isZero();
        }
    }

    @Test
    default void aSubscriptionStartsAfterItsPosition() throws Exception {
        appendEvents(newStream("account"), 5);
        List<RecordedEvent> log = readAll();
        Recorder recorder = new Recorder();
        CountDownLatch release = new CountDownLatch(1);
        try (Subscription subscription = subscribe(EventFilter.all(), log.get(1).position(), e -> {
            release.await();
            recorder.handle(e);
        })) {
            assertThat(subscription.position()).as("position before the first event is handled")
                    .isEqualTo(log.get(1).position());
            release.countDown();
            assertCaughtUp(subscription);
            assertThat(ids(recorder.events())).isEqualTo(ids(log.subList(2, 5)));
            assertThat(subscription.position()).isEqualTo(log.get(4).position());
        }
    }

    @Test
    default void aSubscriptionFromTheHeadDeliversOnlyNewEvents() throws Exception {
        appendEvents(newStream("account"), 3);
        Recorder recorder = new Recorder();
        try (Subscription subscription = store().subscribe(EventFilter.all(), store().headPosition(), recorder)) {
            assertCaughtUp(subscription);
            assertThat(recorder.events()).isEmpty();
            AppendResult result = appendEvents(newStream("account"), 2);
            assertCaughtUp(subscription);
            assertThat(recorder.events()).hasSize(2);
            assertThat(subscription.position()).isEqualTo(result.lastPosition());
        }
    }

    @Test
    default void aCategorySubscriptionDeliversExactlyThatCategory() throws Exception {
        append("account-1", event("A"));
        append("accounts-1", event("X"));
        append("account-2-x", event("B"));
        assertFilterDelivers(EventFilter.category("account"), e -> e.streamId().startsWith("account-")
                || e.streamId().equals("account"), () -> {
                    append("order-1", event("X"));
                    append("account", event("C"));
                    append("account-1", event("D"));
                });
    }

    @Test
    default void aStreamSubscriptionDeliversExactlyThatStream() throws Exception {
        append("account-1", event("A"));
        append("account-11", event("X"));
        append("account-1", event("B"));
        assertFilterDelivers(EventFilter.stream("account-1"), e -> e.streamId().equals("account-1"), () -> {
            append("account-2", event("X"));
            append("account-1", event("C"));
        });
    }

    @Test
    default void aQuerySubscriptionDeliversExactlyTheMatchingEvents() throws Exception {
        Query query = Query.of(QueryItem.types("Claimed").withTags("room:1"), QueryItem.tags("vip"));
        append(newStream("room"), tagged("Claimed", "room:1"));
        append(newStream("room"), tagged("Claimed", "room:2"));
        append(newStream("room"), tagged("Released", "room:1"));
        append(newStream("guest"), tagged("Arrived", "vip", "room:2"));
        assertFilterDelivers(EventFilter.matching(query), query::matches, () -> {
            append(newStream("room"), tagged("Claimed", "room:1", "floor:0"));
            append(newStream("guest"), tagged("Left", "guest:7"));
            append(newStream("guest"), tagged("Left", "vip"));
        });
    }

    @Test
    default void anAllSubscriptionDeliversEveryEvent() throws Exception {
        appendEvents(newStream("a"), 2);
        assertFilterDelivers(EventFilter.all(), e -> true, () -> {
            appendEvents(newStream("b"), 2);
            appendEvents(newStream("c"), 1);
        });
    }

    private void assertFilterDelivers(EventFilter filter, Predicate<RecordedEvent> expected, Runnable live)
            throws Exception {
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(filter, 0, recorder)) {
            assertThat(subscription.filter()).isEqualTo(filter);
            assertCaughtUp(subscription);
            List<RecordedEvent> matching = readAll().stream().filter(expected).toList();
            assertThat(matching).isNotEmpty();
            assertThat(ids(recorder.events())).isEqualTo(ids(matching));

            live.run();
            assertCaughtUp(subscription);
            List<RecordedEvent> all = readAll();
            assertThat(ids(recorder.events())).isEqualTo(ids(all.stream().filter(expected).toList()));
            assertThat(recorder.events()).hasSizeGreaterThan(matching.size());
            assertThat(ids(store().read(filter, 0, Long.MAX_VALUE).toList())).isEqualTo(ids(recorder.events()));
        }
    }

    @Test
    default void aSubscriptionDeliversManyPagesInOrder() throws Exception {
        String stream = newStream("account");
        appendEvents(stream, 1_200);
        Recorder small = new Recorder();
        Recorder large = new Recorder();
        try (Subscription smallBatches = store().subscribe(
                SubscriptionOptions.builder(EventFilter.all()).batchSize(7).retry(FAST_RETRY).build(), small);
                Subscription defaultBatches = subscribe(EventFilter.all(), 0, large)) {
            assertCaughtUp(smallBatches);
            assertCaughtUp(defaultBatches);
            assertThat(ids(small.events())).isEqualTo(ids(readAll()));
            assertThat(ids(large.events())).isEqualTo(ids(readAll()));
        }
    }

    @Test
    default void aSubscriptionSeesEveryEventOnceAndInOrderWhileThreadsAppendConcurrently() throws Exception {
        Recorder fromStart = new Recorder();
        Recorder accounts = new Recorder();
        Recorder lateStarter = new Recorder();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        CountDownLatch halfway = new CountDownLatch(WRITERS);
        Subscription late = null;
        try (Subscription all = subscribe(EventFilter.all(), 0, fromStart);
                Subscription category = subscribe(EventFilter.category("account"), 0, accounts)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < APPENDS_PER_WRITER; i++) {
                        if (i == APPENDS_PER_WRITER / 2) {
                            halfway.countDown();
                        }
                        String stream = (writer % 2 == 0 ? "account-" : "order-") + writer + "-" + random.nextInt(5);
                        store().append(stream, ExpectedVersion.any(), events("Concurrent", 1 + random.nextInt(3)));
                    }
                    return null;
                }));
            }
            assertThat(halfway.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            late = subscribe(EventFilter.all(), 0, lateStarter);
            for (Future<?> writer : running) {
                writer.get(30, TimeUnit.SECONDS);
            }
            assertCaughtUp(all);
            assertCaughtUp(category);
            assertCaughtUp(late);

            List<RecordedEvent> log = readAll();
            assertThat(log.size()).isGreaterThanOrEqualTo(WRITERS * APPENDS_PER_WRITER);
            for (Recorder recorder : List.of(fromStart, lateStarter)) {
                List<RecordedEvent> seen = recorder.events();
                assertThat(ids(seen)).doesNotHaveDuplicates();
                assertStrictlyIncreasingPositions(seen);
                assertThat(ids(seen)).isEqualTo(ids(log));
            }
            List<RecordedEvent> seenAccounts = accounts.events();
            assertStrictlyIncreasingPositions(seenAccounts);
            assertThat(ids(seenAccounts))
                    .isEqualTo(ids(log.stream().filter(e -> e.category().equals("account")).toList()));
        } finally {
            writers.shutdownNow();
            if (late != null) {
                late.close();
            }
        }
    }

    @Test
    default void positionIsTheLastEventHandled() throws Exception {
        appendEvents(newStream("account"), 3);
        appendEvents(newStream("order"), 2);
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.category("account"), 0, recorder)) {
            assertCaughtUp(subscription);
            assertThat(subscription.position()).isEqualTo(recorder.events().get(2).position());
        }
    }

    @Test
    default void subscriptionsToTheLongestStreamIdsAndToLargeQueriesStartWithDefaultOptions() throws Exception {
        String longest = "s-" + "x".repeat(dev.eventstore.StreamIds.MAX_LENGTH - 2);
        String category = "c".repeat(dev.eventstore.StreamIds.MAX_LENGTH - 2);
        List<QueryItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(QueryItem.types("Type" + i).withTags("tag:" + i, "other:" + i));
        }
        append(longest, event("A"));
        append(category + "-1", tagged("Type3", "tag:3", "other:3"));
        Recorder byStream = new Recorder();
        Recorder byCategory = new Recorder();
        Recorder byQuery = new Recorder();
        try (Subscription s1 = store().subscribe(EventFilter.stream(longest), 0, byStream);
                Subscription s2 = store().subscribe(EventFilter.category(category), 0, byCategory);
                Subscription s3 = store().subscribe(EventFilter.matching(new Query(items)), 0, byQuery)) {
            for (Subscription s : List.of(s1, s2, s3)) {
                assertCaughtUp(s);
                assertThat(s.name()).isNotBlank();
            }
            assertThat(byStream.events()).extracting(RecordedEvent::type).containsExactly("A");
            assertThat(byCategory.events()).extracting(RecordedEvent::type).containsExactly("Type3");
            assertThat(byQuery.events()).extracting(RecordedEvent::type).containsExactly("Type3");
        }
    }

    @Test
    default void aSubscriptionHasTheNameGivenInItsOptions() {
        try (Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.all()).name("balances").build(), e -> { })) {
            assertThat(subscription.name()).isEqualTo("balances");
            assertThat(subscription.filter()).isEqualTo(EventFilter.all());
        }
    }

    // ---------------------------------------------------------------- awaitCaughtUp

    @Test
    default void awaitCaughtUpWaitsForEverythingVisibleWhenItIsCalled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, e -> {
            release.await();
            recorder.handle(e);
        })) {
            appendEvents(newStream("account"), 3);
            assertThat(subscription.awaitCaughtUp(Duration.ofMillis(50))).as("caught up while the handler is held")
                    .isFalse();
            release.countDown();
            assertCaughtUp(subscription);
            assertThat(recorder.events()).hasSize(3);
        } finally {
            release.countDown();
        }
    }

    @Test
    default void awaitCaughtUpAfterEachAppendSeesThatAppend() throws Exception {
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, recorder)) {
            for (int i = 1; i <= 20; i++) {
                AppendResult result = append(newStream("account"), event("A"));
                assertCaughtUp(subscription);
                assertThat(recorder.size()).isEqualTo(i);
                assertThat(subscription.position()).isEqualTo(result.lastPosition());
            }
        }
    }

    @Test
    default void awaitCaughtUpOnAClosedSubscriptionReturnsFalse() throws Exception {
        Subscription subscription = subscribe(EventFilter.all(), 0, e -> { });
        subscription.close();
        assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(1))).isFalse();
    }

    // ---------------------------------------------------------------- closing

    @Test
    default void closeStopsPromptlyAndNothingIsDeliveredAfterItReturns() throws Exception {
        appendEvents(newStream("account"), 3);
        Recorder recorder = new Recorder();
        Subscription subscription = subscribe(EventFilter.all(), 0, recorder);
        assertCaughtUp(subscription);

        long start = System.nanoTime();
        subscription.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time close() took").isLessThan(Duration.ofMillis(500));
        assertThat(subscription.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(subscription.failure()).isEmpty();
        assertThat(subscription.stopped()).isCompleted();
        assertThat(subscription.stopped().isCompletedExceptionally()).isFalse();
        int deliveredBeforeClose = recorder.size();

        appendEvents(newStream("account"), 3);
        Recorder witness = new Recorder();
        try (Subscription other = subscribe(EventFilter.all(), 0, witness)) {
            assertCaughtUp(other);
            assertThat(witness.events()).hasSize(6);
        }
        assertThat(recorder.size()).isEqualTo(deliveredBeforeClose).isEqualTo(3);
        subscription.close();
        assertThat(subscription.state()).isEqualTo(Subscription.State.CLOSED);
    }

    @Test
    default void closeFromTheHandlerStopsAfterTheCurrentEvent() throws Exception {
        appendEvents(newStream("account"), 5);
        Recorder recorder = new Recorder();
        Subscription[] self = new Subscription[1];
        CountDownLatch started = new CountDownLatch(1);
        Subscription subscription = subscribe(EventFilter.all(), 0, e -> {
            started.await();
            recorder.handle(e);
            if (recorder.size() == 2) {
                self[0].close();
            }
        });
        self[0] = subscription;
        started.countDown();
        assertStops(subscription);
        assertThat(recorder.events()).hasSize(2);
        assertThat(subscription.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(subscription.position()).isEqualTo(recorder.events().get(1).position());
    }

    @Test
    default void closeWhileTheHandlerRunsLetsItFinishAndDeliversNothingMore() throws Exception {
        appendEvents(newStream("account"), 5);
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Subscription subscription = subscribe(EventFilter.all(), 0, e -> {
            handling.countDown();
            release.await();
            recorder.handle(e);
        });
        try {
            assertThat(handling.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Thread closer = new Thread(subscription::close, "closer");
            closer.start();
            awaitTrue("close() waits for the handler",
                    () -> closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            closer.join(TIMEOUT.toMillis());
            assertThat(closer.isAlive()).isFalse();
            assertThat(recorder.events()).hasSize(1);
            assertThat(subscription.state()).isEqualTo(Subscription.State.CLOSED);
            assertThat(subscription.position()).isEqualTo(recorder.events().get(0).position());
        } finally {
            release.countDown();
            subscription.close();
        }
    }

    @Test
    default void closingTheStoreStopsItsSubscriptions() throws Exception {
        appendEvents(newStream("account"), 2);
        Recorder recorder = new Recorder();
        Subscription first = subscribe(EventFilter.all(), 0, recorder);
        Subscription second = store().subscribeBatches(SubscriptionOptions.of(EventFilter.category("account"), 0),
                batch -> { });
        assertCaughtUp(first);
        assertCaughtUp(second);

        long start = System.nanoTime();
        store().close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

        assertStops(first);
        assertStops(second);
        assertThat(first.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(second.state()).isEqualTo(Subscription.State.CLOSED);
        assertThat(recorder.events()).hasSize(2);
        assertThatThrownBy(() -> subscribe(EventFilter.all(), 0, e -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- failing handlers

    @Test
    default void aFailingHandlerIsRetriedWithBackOffAndTheSubscriptionGoesOnWhenItRecovers() throws Exception {
        append(newStream("account"), event("A"));
        append(newStream("account"), event("Flaky"));
        append(newStream("account"), event("B"));
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        Recorder recorder = new Recorder();
        try (Subscription subscription = subscribe(EventFilter.all(), 0, e -> {
            if (e.type().equals("Flaky")) {
                attempts.add(System.nanoTime());
                if (attempts.size() < FAST_RETRY.maxAttempts()) {
                    throw new HandlerFailure("attempt " + attempts.size());
                }
            }
            recorder.handle(e);
        })) {
            assertCaughtUp(subscription);
            assertThat(attempts).hasSize(FAST_RETRY.maxAttempts());
            assertThat(recorder.events()).extracting(RecordedEvent::type).containsExactly("A", "Flaky", "B");
            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);
            assertThat(subscription.failure()).isEmpty();
            for (int i = 1; i < attempts.size(); i++) {
                Duration gap = Duration.ofNanos(attempts.get(i) - attempts.get(i - 1));
                assertThat(gap).as("wait before attempt %d", i + 1)
                        .isGreaterThanOrEqualTo(FAST_RETRY.delayAfter(i).minusMillis(1));
            }
        }
    }

    @Test
    default void aHandlerThatKeepsFailingStopsTheSubscriptionAtTheLastEventHandled() throws Exception {
        append(newStream("account"), event("A"));
        AppendResult poison = append(newStream("account"), event("Poison"));
        append(newStream("account"), event("B"));
        AtomicInteger attempts = new AtomicInteger();
        HandlerFailure[] lastError = new HandlerFailure[1];
        Recorder recorder = new Recorder();
        Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.all()).name("poisoned").retry(FAST_RETRY).build(), e -> {
                    if (e.type().equals("Poison")) {
                        lastError[0] = new HandlerFailure("attempt " + attempts.incrementAndGet());
                        throw lastError[0];
                    }
                    recorder.handle(e);
                });
        try {
            assertThatThrownBy(() -> subscription.awaitCaughtUp(TIMEOUT))
                    .isInstanceOf(SubscriptionFailedException.class);

            SubscriptionFailedException failure = failureOf(subscription);
            long lastHandled = recorder.events().get(0).position();
            assertThat(attempts.get()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(recorder.events()).extracting(RecordedEvent::type).containsExactly("A");
            assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
            assertThat(subscription.failure()).containsSame(failure);
            assertThat(subscription.position()).isEqualTo(lastHandled);
            assertThat(failure.position()).isEqualTo(lastHandled);
            assertThat(failure.subscriptionName()).isEqualTo("poisoned");
            assertThat(failure.getCause()).isSameAs(lastError[0]);
            assertThat(failure.getMessage()).contains("poisoned").contains(Long.toString(poison.lastPosition()))
                    .contains(Integer.toString(FAST_RETRY.maxAttempts()));
            assertThatThrownBy(() -> subscription.awaitCaughtUp(TIMEOUT)).isSameAs(failure);

            // Nothing moves it past the event once it has failed.
            append(newStream("account"), event("C"));
            Recorder witness = new Recorder();
            try (Subscription other = subscribe(EventFilter.all(), 0, witness)) {
                assertCaughtUp(other);
            }
            assertThat(recorder.events()).hasSize(1);
            assertThat(attempts.get()).isEqualTo(FAST_RETRY.maxAttempts());
            subscription.close();
            assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
        } finally {
            subscription.close();
        }
    }

    @Test
    default void restartingFromTheFailedSubscriptionsPositionDeliversTheFailedEventAgain() throws Exception {
        append(newStream("account"), event("A"));
        append(newStream("account"), event("Poison"));
        append(newStream("account"), event("B"));
        Subscription failed = subscribe(EventFilter.all(), 0, e -> {
            if (e.type().equals("Poison")) {
                throw new HandlerFailure("poison");
            }
        });
        failureOf(failed);

        Recorder recorder = new Recorder();
        try (Subscription resumed = subscribe(EventFilter.all(), failed.position(), recorder)) {
            assertCaughtUp(resumed);
            assertThat(recorder.events()).extracting(RecordedEvent::type).containsExactly("Poison", "B");
        }
    }

    @Test
    default void withNoRetriesTheFirstFailureStopsTheSubscription() throws Exception {
        append(newStream("account"), event("Poison"));
        AtomicInteger attempts = new AtomicInteger();
        Subscription subscription = store().subscribe(
                SubscriptionOptions.builder(EventFilter.all()).retry(RetryPolicy.none()).build(), e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("boom");
                });
        SubscriptionFailedException failure = failureOf(subscription);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(failure.position()).isZero();
        assertThat(subscription.position()).isZero();
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
    }

    @Test
    default void aLiveEventThatKeepsFailingStopsTheSubscription() throws Exception {
        Recorder recorder = new Recorder();
        Subscription subscription = subscribe(EventFilter.all(), 0, e -> {
            if (e.type().equals("Poison")) {
                throw new HandlerFailure("poison");
            }
            recorder.handle(e);
        });
        try {
            assertCaughtUp(subscription);
            AppendResult ok = append(newStream("account"), event("A"));
            append(newStream("account"), event("Poison"));
            SubscriptionFailedException failure = failureOf(subscription);
            assertThat(failure.position()).isEqualTo(ok.lastPosition());
            assertThat(subscription.position()).isEqualTo(ok.lastPosition());
            assertThat(recorder.events()).extracting(RecordedEvent::type).containsExactly("A");
        } finally {
            subscription.close();
        }
    }

    // ---------------------------------------------------------------- batches

    @Test
    default void batchesHoldAtMostTheBatchSizeAndComeInOrder() throws Exception {
        appendEvents(newStream("account"), 10);
        List<List<RecordedEvent>> batches = Collections.synchronizedList(new ArrayList<>());
        try (Subscription subscription = store().subscribeBatches(
                SubscriptionOptions.builder(EventFilter.all()).batchSize(4).retry(FAST_RETRY).build(),
                batches::add)) {
            assertCaughtUp(subscription);
            appendEvents(newStream("account"), 6);
            appendEvents(newStream("order"), 1);
            assertCaughtUp(subscription);

            List<RecordedEvent> flattened = new ArrayList<>();
            synchronized (batches) {
                for (List<RecordedEvent> batch : batches) {
                    assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(4);
                    flattened.addAll(batch);
                }
            }
            assertThat(ids(flattened)).isEqualTo(ids(readAll()));
            assertThat(subscription.position()).isEqualTo(store().headPosition());
        }
    }

    @Test
    default void aFailedBatchIsDeliveredAgainWhole() throws Exception {
        List<EventData> events = events("Counted", 10);
        store().append(newStream("account"), ExpectedVersion.any(), events);
        UUID trigger = events.get(5).id();
        List<List<UUID>> attempts = Collections.synchronizedList(new ArrayList<>());
        List<UUID> handled = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        EventBatchHandler handler = batch -> {
            List<UUID> batchIds = ids(batch);
            attempts.add(batchIds);
            if (batchIds.contains(trigger) && failures.incrementAndGet() < 3) {
                throw new HandlerFailure("batch failure " + failures.get());
            }
            handled.addAll(batchIds);
        };
        try (Subscription subscription = store().subscribeBatches(
                SubscriptionOptions.builder(EventFilter.all()).batchSize(4).retry(FAST_RETRY).build(), handler)) {
            assertCaughtUp(subscription);
            assertThat(handled).isEqualTo(dataIds(events));
            List<List<UUID>> withTrigger = attempts.stream().filter(b -> b.contains(trigger)).toList();
            assertThat(withTrigger).hasSize(3);
            assertThat(withTrigger.get(1)).isEqualTo(withTrigger.get(0));
            assertThat(withTrigger.get(2)).isEqualTo(withTrigger.get(0));
            assertThat(withTrigger.get(0)).hasSizeLessThanOrEqualTo(4);
        }
    }

    @Test
    default void aBatchThatKeepsFailingStopsTheSubscriptionBeforeIt() throws Exception {
        List<EventData> events = events("Counted", 10);
        store().append(newStream("account"), ExpectedVersion.any(), events);
        UUID trigger = events.get(5).id();
        List<RecordedEvent> handled = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        Subscription subscription = store().subscribeBatches(
                SubscriptionOptions.builder(EventFilter.all()).batchSize(4).retry(FAST_RETRY).build(), batch -> {
                    if (ids(batch).contains(trigger)) {
                        attempts.incrementAndGet();
                        throw new HandlerFailure("bad batch");
                    }
                    handled.addAll(batch);
                });
        try {
            SubscriptionFailedException failure = failureOf(subscription);
            assertThat(attempts.get()).isEqualTo(FAST_RETRY.maxAttempts());
            assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
            assertThat(ids(handled)).doesNotContain(trigger);
            long lastHandled = handled.isEmpty() ? 0 : handled.get(handled.size() - 1).position();
            assertThat(subscription.position()).isEqualTo(lastHandled);
            assertThat(failure.position()).isEqualTo(lastHandled);
            assertThat(ids(handled)).isEqualTo(dataIds(events).subList(0, handled.size()));
            assertThatThrownBy(() -> subscription.awaitCaughtUp(TIMEOUT)).isInstanceOf(SubscriptionFailedException.class);
        } finally {
            subscription.close();
        }
    }

    @Test
    default void stoppedIsACopyThatTheCallerCannotComplete() throws Exception {
        Subscription subscription = subscribe(EventFilter.all(), 0, e -> { });
        try {
            CompletableFuture<Void> stopped = subscription.stopped();
            stopped.complete(null);
            assertCaughtUp(subscription);
            assertThat(subscription.state()).isEqualTo(Subscription.State.LIVE);
            assertThat(subscription.stopped()).isNotDone();
        } finally {
            subscription.close();
        }
        assertThat(subscription.stopped()).isCompleted();
    }
}
