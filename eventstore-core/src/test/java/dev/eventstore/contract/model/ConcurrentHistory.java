package dev.eventstore.contract.model;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.contract.model.Model.Outcome;
import dev.eventstore.contract.model.Model.Written;
import dev.eventstore.contract.model.Op.EventSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several threads append to a few shared streams at once, with exact, {@code any} and
 * {@code noStream} expectations, conditions over shared tags, and retries of their own appends; a
 * subscription follows the log meanwhile. Afterwards the history is checked for a legal serial order:
 * replayed through the {@link Model} in position order, every append that succeeded must succeed
 * there too, with the version it returned, and every refusal must name something true.
 *
 * <p>The conditions take their position from a read of the log ({@link EventStore#headPosition()}),
 * as the contract of {@link AppendCondition} asks.
 */
public final class ConcurrentHistory {

    private static final List<String> STREAMS = List.of("shared-1", "shared-2", "shared-3");
    private static final List<String> RESOURCES = List.of("res:x", "res:y");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * One call of one thread.
     *
     * @param thread the thread
     * @param stream the stream
     * @param expected the expected version
     * @param events the events
     * @param condition the condition, or null
     * @param resendOf the attempt this one sends again, or null
     * @param result what it returned, or null
     * @param failure what it threw, or null
     * @param started when it was called
     * @param ended when it returned
     */
    public record Attempt(int thread, String stream, ExpectedVersion expected, List<EventSpec> events,
            AppendCondition condition, Attempt resendOf, AppendResult result, Exception failure, long started,
            long ended) {
        @Override
        public String toString() {
            return "thread " + thread + ": append " + stream + " expecting " + expected + " " + events
                    + (condition == null ? "" : " if none of (" + condition.query() + ") after " + condition.after())
                    + (resendOf == null ? "" : " (sent again)") + " -> " + (result != null ? result : failure);
        }
    }

    /**
     * What one run did.
     *
     * @param attempts every call
     * @param succeeded how many appended or were recognised as retries
     * @param wrongVersion how many were refused for the expected version
     * @param conditionFailed how many were refused for the condition
     * @param events how many events the log holds
     */
    public record Summary(List<Attempt> attempts, int succeeded, int wrongVersion, int conditionFailed, int events) {
    }

    private ConcurrentHistory() {
    }

    /**
     * Runs the threads on {@code store}, which must be empty, and checks the outcome.
     *
     * @param store the store
     * @param seed the seed of the threads' choices
     * @param threads how many threads
     * @param callsPerThread how many appends each makes
     * @return what happened
     * @throws AssertionError if no legal serial order explains the outcome, or an event is missing,
     *     partial, extra, or delivered out of order
     * @throws Exception if a thread cannot be run
     */
    public static Summary run(EventStore store, long seed, int threads, int callsPerThread) throws Exception {
        List<RecordedEvent> delivered = Collections.synchronizedList(new ArrayList<>());
        List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        try (Subscription follower = store.subscribe(EventFilter.all(), 0, delivered::add)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Random random = new Random(seed * 31 + t);
                running.add(pool.submit(() -> {
                    start.await();
                    writer(store, thread, random, callsPerThread, attempts);
                    return null;
                }));
            }
            start.countDown();
            try {
                for (Future<?> future : running) {
                    future.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            if (!follower.awaitCaughtUp(TIMEOUT)) {
                throw new AssertionError("the subscription did not catch up within " + TIMEOUT + ": " + follower.state());
            }
            List<RecordedEvent> log = store.readAll(0, Long.MAX_VALUE).toList();
            List<UUID> seen;
            synchronized (delivered) {
                seen = delivered.stream().map(RecordedEvent::id).toList();
            }
            if (!seen.equals(log.stream().map(RecordedEvent::id).toList())) {
                throw new AssertionError("the subscription delivered " + seen.size() + " events, other than the "
                        + log.size() + " of the log, or in another order");
            }
            return check(List.copyOf(attempts), log);
        }
    }

    private static void writer(EventStore store, int thread, Random random, int calls, List<Attempt> attempts) {
        Attempt last = null;
        for (int i = 0; i < calls; i++) {
            String stream = STREAMS.get(random.nextInt(STREAMS.size()));
            int pick = random.nextInt(100);
            ExpectedVersion expected;
            AppendCondition condition = null;
            List<EventSpec> events = events(random, 1 + random.nextInt(2), null);
            Attempt resendOf = null;
            if (pick < 15 && last != null && last.result() != null) {
                resendOf = last.resendOf() != null ? last.resendOf() : last;
                stream = resendOf.stream();
                expected = resendOf.expected();
                events = resendOf.events();
                condition = resendOf.condition();
            } else if (pick < 50) {
                expected = ExpectedVersion.exactly(store.streamVersion(stream));
            } else if (pick < 60) {
                expected = ExpectedVersion.noStream();
            } else if (pick < 75) {
                expected = ExpectedVersion.any();
            } else {
                String resource = RESOURCES.get(random.nextInt(RESOURCES.size()));
                long after = store.headPosition();
                condition = new AppendCondition(Query.of(QueryItem.tags(resource)), after);
                expected = ExpectedVersion.any();
                events = events(random, 1, resource);
            }
            long started = System.nanoTime();
            AppendResult result = null;
            Exception failure = null;
            try {
                result = condition == null ? store.append(stream, expected, data(events))
                        : store.append(stream, expected, data(events), condition);
            } catch (WrongExpectedVersionException | AppendConditionFailedException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
            Attempt attempt = new Attempt(thread, stream, expected, events, condition, resendOf, result, failure,
                    started, System.nanoTime());
            attempts.add(attempt);
            last = attempt;
        }
    }

    private static Summary check(List<Attempt> attempts, List<RecordedEvent> log) {
        Map<UUID, RecordedEvent> byId = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            RecordedEvent event = log.get(i);
            if (byId.put(event.id(), event) != null) {
                throw new AssertionError("event id " + event.id() + " is in the log twice");
            }
            if (i > 0 && event.position() <= log.get(i - 1).position()) {
                throw new AssertionError("positions do not grow: " + log.get(i - 1) + " then " + event);
            }
        }
        List<Attempt> originals = new ArrayList<>();
        Set<UUID> written = new HashSet<>();
        int succeeded = 0;
        int wrongVersion = 0;
        int conditionFailed = 0;
        for (Attempt attempt : attempts) {
            if (attempt.failure() != null) {
                if (attempt.failure() instanceof WrongExpectedVersionException wrong) {
                    wrongVersion++;
                    checkWrongVersion(attempt, wrong, log);
                } else if (attempt.failure() instanceof AppendConditionFailedException failed) {
                    conditionFailed++;
                    checkConditionFailed(attempt, failed, log);
                } else {
                    throw new AssertionError("an append failed unexpectedly: " + attempt, attempt.failure());
                }
                if (attempt.resendOf() == null) {
                    for (EventSpec event : attempt.events()) {
                        if (byId.containsKey(event.id())) {
                            throw new AssertionError("a refused append left event " + event.id() + " behind: " + attempt);
                        }
                    }
                }
                continue;
            }
            succeeded++;
            if (attempt.resendOf() != null) {
                // The version and positions are the first append's; consistentPosition is worked out
                // again at the retry (see AppendResult).
                AppendResult again = attempt.result();
                AppendResult first = attempt.resendOf().result();
                if (again.nextExpectedVersion() != first.nextExpectedVersion()
                        || again.lastPosition() != first.lastPosition()) {
                    throw new AssertionError("a retry returned " + attempt.result() + ", the first append "
                            + attempt.resendOf().result() + ": " + attempt);
                }
                continue;
            }
            originals.add(attempt);
            checkPresentAndWhole(attempt, byId);
            attempt.events().forEach(e -> written.add(e.id()));
        }
        for (RecordedEvent event : log) {
            if (!written.contains(event.id())) {
                throw new AssertionError("the log holds " + event + ", which no successful append wrote");
            }
        }
        checkSerialOrder(originals, byId);
        checkRealTimeOrder(originals);
        return new Summary(attempts, succeeded, wrongVersion, conditionFailed, log.size());
    }

    private static void checkPresentAndWhole(Attempt attempt, Map<UUID, RecordedEvent> byId) {
        int n = attempt.events().size();
        for (int i = 0; i < n; i++) {
            RecordedEvent event = byId.get(attempt.events().get(i).id());
            if (event == null) {
                throw new AssertionError("an acknowledged event is missing (event " + (i + 1) + " of " + n + "): " + attempt);
            }
            long version = attempt.result().nextExpectedVersion() - n + 1 + i;
            long position = attempt.result().lastPosition() - n + 1 + i;
            if (!event.streamId().equals(attempt.stream()) || event.version() != version || event.position() != position) {
                throw new AssertionError("event " + (i + 1) + " of " + n + " is recorded as " + event
                        + ", not at version " + version + " and position " + position + ": " + attempt);
            }
        }
    }

    /** Replays the successful appends in position order through the model: each must succeed there. */
    private static void checkSerialOrder(List<Attempt> originals, Map<UUID, RecordedEvent> byId) {
        List<Attempt> order = new ArrayList<>(originals);
        order.sort(Comparator.comparingLong(a -> a.result().lastPosition()));
        Model model = new Model();
        List<Long> positions = new ArrayList<>();
        for (Attempt attempt : order) {
            int afterOrdinal = 0;
            if (attempt.condition() != null) {
                long after = attempt.condition().after();
                afterOrdinal = (int) positions.stream().filter(p -> p <= after).count();
            }
            Outcome outcome = model.append(attempt.stream(), attempt.expected(), attempt.events(),
                    attempt.condition() == null ? null : attempt.condition().query(), afterOrdinal);
            if (!(outcome instanceof Written written) || written.retry()
                    || written.version() != attempt.result().nextExpectedVersion()) {
                throw new AssertionError("no legal serial order: replayed in position order, " + attempt
                        + " gives " + outcome + " after " + positions.size() + " events");
            }
            for (EventSpec event : attempt.events()) {
                positions.add(byId.get(event.id()).position());
            }
        }
    }

    /** An append that ended before another began has the lower positions. */
    private static void checkRealTimeOrder(List<Attempt> originals) {
        List<Attempt> byEnd = new ArrayList<>(originals);
        byEnd.sort(Comparator.comparingLong(Attempt::ended));
        List<Attempt> byStart = new ArrayList<>(originals);
        byStart.sort(Comparator.comparingLong(Attempt::started));
        long highestEnded = 0;
        Attempt highest = null;
        int e = 0;
        for (Attempt attempt : byStart) {
            while (e < byEnd.size() && byEnd.get(e).ended() < attempt.started()) {
                Attempt done = byEnd.get(e++);
                if (done.result().lastPosition() > highestEnded) {
                    highestEnded = done.result().lastPosition();
                    highest = done;
                }
            }
            long first = attempt.result().lastPosition() - attempt.events().size() + 1;
            if (first <= highestEnded) {
                throw new AssertionError("an append that began after another had returned got a lower position: "
                        + attempt + " began after " + highest + " returned");
            }
        }
    }

    private static void checkWrongVersion(Attempt attempt, WrongExpectedVersionException wrong, List<RecordedEvent> log) {
        long finalVersion = log.stream().filter(e -> e.streamId().equals(attempt.stream())).count();
        if (!wrong.streamId().equals(attempt.stream()) || attempt.expected().accepts(wrong.actualVersion())
                || wrong.actualVersion() > finalVersion) {
            throw new AssertionError("the refusal " + wrong.getMessage() + " names no version the stream had: " + attempt);
        }
    }

    private static void checkConditionFailed(Attempt attempt, AppendConditionFailedException failed,
            List<RecordedEvent> log) {
        boolean named = log.stream().anyMatch(e -> e.position() == failed.conflictingPosition()
                && e.position() > attempt.condition().after() && attempt.condition().query().matches(e));
        if (!named) {
            throw new AssertionError("the refusal names position " + failed.conflictingPosition()
                    + ", which holds no matching event after " + attempt.condition().after() + ": " + attempt);
        }
    }

    private static List<EventSpec> events(Random random, int count, String tag) {
        List<EventSpec> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new EventSpec(new UUID(random.nextLong(), random.nextLong()), tag == null ? "Moved" : "Claimed",
                    tag == null ? Set.of() : Set.of(tag), random.nextInt(1000)));
        }
        return events;
    }

    private static List<dev.eventstore.EventData> data(List<EventSpec> events) {
        return events.stream().map(EventSpec::data).toList();
    }
}
