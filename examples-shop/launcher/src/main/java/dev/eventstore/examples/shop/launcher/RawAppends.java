package dev.eventstore.examples.shop.launcher;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.jdbc.JdbcEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many events a store of the kind a service uses takes per second when nothing else happens: one
 * small event per append (as each step of the checkout appends), to a new stream each time, from some
 * threads at once, for a while. Beside the shop's orders per second, it says what the saga costs in
 * appends the same disk or server could have done.
 */
final class RawAppends {

    /** About the size of the shop's events. */
    private static final String DATA = "{\"orderId\":\"load-000000-00-000000\",\"sku\":\"LOAD-001\",\"quantity\":2,"
            + "\"amount\":\"17.00\",\"customer\":{\"id\":\"c-load-1\",\"name\":\"Load customer 1\"}}";

    private RawAppends() {
    }

    /**
     * What a burst of appends achieved.
     *
     * @param threads how many threads appended
     * @param events how many events they appended
     * @param perSecond events per second
     * @param meanMillis the mean time of one append, in milliseconds
     */
    record Rate(int threads, long events, double perSecond, double meanMillis) {
    }

    /**
     * Appends for a while to a store opened for it, then closes it.
     *
     * @param url the store's database: {@code jdbc:sqlite:FILE} or a PostgreSQL URL; a new, empty one
     * @param threads how many threads append at once, from 1
     * @param duration how long they append
     * @return the rate
     * @throws IllegalArgumentException if {@code threads} is below 1 or the URL names no store
     * @throws IllegalStateException if an append fails
     */
    static Rate measure(String url, int threads, Duration duration) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was: " + threads);
        }
        try (JdbcEventStore store = Shop.open(url)) {
            // A few appends first: the schema is made, the connections opened, the code compiled.
            burst(store, System.nanoTime() + Duration.ofMillis(300).toNanos());
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> burst(store, end)));
                }
                long events = 0;
                long busy = 0;
                for (Future<long[]> result : results) {
                    long[] counted = result.get();
                    events += counted[0];
                    busy += counted[1];
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Rate(threads, events, events / seconds, events == 0 ? 0 : busy / 1e6 / events);
            } catch (ExecutionException e) {
                throw new IllegalStateException("appending to " + url + " failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Appends until the end; returns how many events, and the nanoseconds spent in appends. */
    private static long[] burst(JdbcEventStore store, long end) {
        long events = 0;
        long busy = 0;
        while (System.nanoTime() - end < 0) {
            List<EventData> one = List.of(EventData.of("LoadProbe", DATA));
            long before = System.nanoTime();
            store.append("probe-" + UUID.randomUUID(), ExpectedVersion.noStream(), one);
            busy += System.nanoTime() - before;
            events++;
        }
        return new long[] {events, busy};
    }
}
