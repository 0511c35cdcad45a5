package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Appends from many threads at once: optimistic concurrency picks exactly one winner, appends with
 * {@code any} all land without holes or duplicate versions, and positions stay unique.
 */
public interface ConcurrencyContract extends StoreFixture {

    /** Threads that append at the same time. */
    int THREADS = 8;
    /** Rounds of the expected-version race. */
    int ROUNDS = 25;

    /**
     * Runs {@code task} on {@link #THREADS} threads released together, and returns what each returned
     * or threw.
     */
    private <T> List<Object> race(ExecutorService pool, Callable<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        return outcomes;
    }

    @Test
    default void ofWritersAtTheSameExpectedVersionExactlyOneWinsEveryRound() throws Exception {
        String stream = newStream("account");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long version = 0;
            for (int round = 0; round < ROUNDS; round++) {
                ExpectedVersion expected = ExpectedVersion.exactly(version);
                List<Object> outcomes = race(pool, () -> store().append(stream, expected, events("Raced", 2)));

                List<AppendResult> wins = outcomes.stream().filter(AppendResult.class::isInstance)
                        .map(AppendResult.class::cast).toList();
                List<Object> losses = outcomes.stream().filter(o -> !(o instanceof AppendResult)).toList();
                assertThat(wins).as("winners of round %d", round).hasSize(1);
                assertThat(wins.get(0).nextExpectedVersion()).isEqualTo(version + 2);
                assertThat(losses).as("losers of round %d", round).hasSize(THREADS - 1)
                        .allSatisfy(o -> assertThat(o).isInstanceOf(WrongExpectedVersionException.class));
                for (Object loss : losses) {
                    WrongExpectedVersionException e = (WrongExpectedVersionException) loss;
                    assertThat(e.streamId()).isEqualTo(stream);
                    assertThat(e.expectedVersion()).isEqualTo(expected);
                    assertThat(e.actualVersion()).isGreaterThan(version);
                }
                version += 2;
                assertThat(store().streamVersion(stream)).isEqualTo(version);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions(readStream(stream))).hasSize(ROUNDS * 2).doesNotHaveDuplicates();
        assertThat(readAll()).hasSize(ROUNDS * 2);
    }

    @Test
    default void concurrentAppendsWithAnyToOneStreamAllLandWithoutHolesOrDuplicateVersions() throws Exception {
        String stream = newStream("account");
        int appendsPerThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Object> outcomes;
        try {
            outcomes = race(pool, () -> {
                List<AppendResult> results = new ArrayList<>();
                for (int i = 0; i < appendsPerThread; i++) {
                    results.add(store().append(stream, ExpectedVersion.any(), events("Any", 1 + i % 2)));
                    Thread.yield();
                }
                return results;
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(List.class));
        int expectedEvents = THREADS * (appendsPerThread / 2 * 3 + appendsPerThread % 2);

        List<RecordedEvent> read = readStream(stream);
        assertThat(read).hasSize(expectedEvents);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).version()).isEqualTo(i + 1L);
        }
        assertStrictlyIncreasingPositions(read);
        assertThat(store().streamVersion(stream)).isEqualTo(expectedEvents);

        Set<Long> nextVersions = new HashSet<>();
        for (Object outcome : outcomes) {
            for (Object result : (List<?>) outcome) {
                assertThat(nextVersions.add(((AppendResult) result).nextExpectedVersion()))
                        .as("each append ends at its own version").isTrue();
            }
        }
        assertThat(nextVersions).contains((long) expectedEvents);
    }

    @Test
    default void concurrentAppendsToDifferentStreamsAllLandWithUniquePositions() throws Exception {
        int appendsPerThread = 100;
        List<String> streams = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            streams.add(newStream("account"));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Object> outcomes;
        try {
            outcomes = race(pool, () -> {
                String stream = streams.get(next.getAndIncrement());
                List<UUID> written = new ArrayList<>();
                for (int i = 0; i < appendsPerThread; i++) {
                    List<EventData> events = events("Own", 2);
                    store().append(stream, ExpectedVersion.exactly(2L * i), events);
                    written.addAll(dataIds(events));
                    Thread.yield();
                }
                return List.of(stream, written);
            });
        } finally {
            pool.shutdownNow();
        }

        List<RecordedEvent> log = readAll();
        assertThat(log).hasSize(THREADS * appendsPerThread * 2);
        assertStrictlyIncreasingPositions(log);
        assertThat(positions(log)).doesNotHaveDuplicates();
        assertThat(ids(log)).doesNotHaveDuplicates();
        for (Object outcome : outcomes) {
            assertThat(outcome).isInstanceOf(List.class);
            List<?> pair = (List<?>) outcome;
            String stream = (String) pair.get(0);
            List<RecordedEvent> read = readStream(stream);
            assertThat(ids(read)).isEqualTo(pair.get(1));
            assertThat(versions(read).get(read.size() - 1)).isEqualTo(appendsPerThread * 2L);
            // A stream's events also keep their order in the global log.
            assertThat(ids(log.stream().filter(e -> e.streamId().equals(stream)).toList())).isEqualTo(pair.get(1));
        }
    }

    @Test
    default void theSameAppendSentTwiceAtOnceIsWrittenOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String stream = newStream("account");
                List<EventData> events = events("Sent", 3);
                List<Object> outcomes = race(pool, () -> store().append(stream, ExpectedVersion.noStream(), events));
                assertThat(outcomes).as("round %d", round)
                        .allSatisfy(o -> assertThat(o).isInstanceOf(AppendResult.class));
                assertThat(new HashSet<>(outcomes)).as("every sender gets the same result").hasSize(1);
                assertThat(ids(readStream(stream))).isEqualTo(dataIds(events));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(readAll()).hasSize(ROUNDS * 3);
    }

    /**
     * The position invariant, checked without subscriptions: a reader that keeps reading the log after
     * the last position it saw, while writers commit concurrently, ends up with exactly the log.
     */
    @Test
    default void aReaderFollowingTheLogWhileWritersAppendNeverSkipsOrRepeatsAnEvent() throws Exception {
        int writers = 4;
        int appendsPerWriter = 100;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<RecordedEvent> followed = new ArrayList<>();
        Thread reader = new Thread(() -> {
            long after = 0;
            boolean last = false;
            while (true) {
                // Read once more after the writers are done, so the reader ends at the head.
                boolean finalRound = last;
                List<RecordedEvent> page = store().readAll(after, 100).toList();
                followed.addAll(page);
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).position();
                } else if (finalRound) {
                    return;
                }
                last = done.get();
                Thread.yield();
            }
        }, "log-follower");
        try {
            reader.start();
            List<Future<?>> running = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(writers);
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < appendsPerWriter; i++) {
                        store().append("writer-" + writer + "-" + (i % 3), ExpectedVersion.any(),
                                events("Followed", 1 + i % 3));
                        Thread.yield();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        reader.join(TIMEOUT.toMillis());
        assertThat(reader.isAlive()).as("the reader reached the head").isFalse();
        List<RecordedEvent> log = readAll();
        assertThat(log).hasSize(writers * (appendsPerWriter / 3 * 6 + 1));
        assertThat(ids(followed)).doesNotHaveDuplicates();
        assertStrictlyIncreasingPositions(followed);
        assertThat(ids(followed)).isEqualTo(ids(log));
    }

    @Test
    default void readersNeverSeeAHalfWrittenAppend() throws Exception {
        String stream = newStream("account");
        int batch = 5;
        java.util.concurrent.atomic.AtomicInteger roles = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Object> outcomes = race(pool, () -> {
                if (roles.getAndIncrement() % 2 == 0) {
                    for (int i = 0; i < 20; i++) {
                        store().append(stream, ExpectedVersion.any(), events("Batch", batch));
                    }
                } else {
                    for (int i = 0; i < 40; i++) {
                        assertThat(store().readStream(stream).count() % batch).isZero();
                        assertThat(store().readAll(0, Long.MAX_VALUE).count() % batch).isZero();
                        assertThat(store().streamVersion(stream) % batch).isZero();
                    }
                }
                return true;
            });
            assertThat(outcomes).containsOnly(true);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().streamVersion(stream) % batch).isZero();
    }
}
