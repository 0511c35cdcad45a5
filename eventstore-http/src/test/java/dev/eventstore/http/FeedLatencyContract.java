package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Measures the feed end to end, through {@link FeedPublisher}, the JDK's HTTP server and client, and
 * {@link HttpEventFeed}: how long an append takes to reach a long-polling consumer, and how fast a
 * consumer that is behind catches up (the second of two reads, the first warming up the JIT). Prints
 * the numbers; fails only if a long poll is not woken by an append (a latency near the long poll's
 * 10 s) or a catch-up loses entries.
 */
interface FeedLatencyContract extends HttpFixture {

    int LATENCY_APPENDS = 300;
    int WARM_UP_APPENDS = 30;
    int CATCH_UP_ENTRIES = 20_000;

    @Test
    default void measuresAppendToConsumerLatencyAndCatchUpThroughput() throws Exception {
        EventStore store = openStore("orders");
        FeedPublisher publisher = closeLater(FeedPublisher.builder(store, "orders", EventFilter.category("public"))
                .build());
        TestServer server = serve(Map.of("/feed", publisher));
        HttpEventFeed feed = closeLater(HttpEventFeed.builder(server.uri("/feed")).name("orders")
                .longPoll(Duration.ofSeconds(10)).build());

        Map<UUID, Long> arrivals = new ConcurrentHashMap<>();
        Object arrived = new Object();
        long start = store.headPosition();
        Thread consumer = new Thread(() -> {
            long after = start;
            try {
                while (true) {
                    List<RecordedEvent> entries = feed.read(after, 100);
                    if (entries == null) {
                        return; // closed
                    }
                    long now = System.nanoTime();
                    for (RecordedEvent entry : entries) {
                        arrivals.put(entry.id(), now);
                        after = entry.position();
                    }
                    synchronized (arrived) {
                        arrived.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "long-polling consumer");
        consumer.start();

        long[] latencies = new long[LATENCY_APPENDS];
        long[] afterCommit = new long[LATENCY_APPENDS];
        for (int i = 0; i < WARM_UP_APPENDS + LATENCY_APPENDS; i++) {
            EventData entry = event("OrderPlaced", 1);
            long appendedAt = System.nanoTime();
            store.append("public-order-" + (i % 10), ExpectedVersion.any(), List.of(entry));
            long committedAt = System.nanoTime();
            long deadline = appendedAt + TIMEOUT.toNanos();
            synchronized (arrived) {
                while (!arrivals.containsKey(entry.id())) {
                    long remaining = deadline - System.nanoTime();
                    assertThat(remaining).as("entry %d reaches the consumer", i).isPositive();
                    TimeUnit.NANOSECONDS.timedWait(arrived, remaining);
                }
            }
            if (i >= WARM_UP_APPENDS) {
                latencies[i - WARM_UP_APPENDS] = arrivals.get(entry.id()) - appendedAt;
                afterCommit[i - WARM_UP_APPENDS] = arrivals.get(entry.id()) - committedAt;
            }
        }
        feed.close();
        consumer.join(TIMEOUT.toMillis());
        assertThat(consumer.isAlive()).as("a closed feed ends its long poll").isFalse();
        Arrays.sort(latencies);
        Arrays.sort(afterCommit);
        double p50 = millis(latencies[LATENCY_APPENDS / 2]);
        double p99 = millis(latencies[(int) Math.ceil(LATENCY_APPENDS * 0.99) - 1]);
        double max = millis(latencies[LATENCY_APPENDS - 1]);
        report(String.format(Locale.ROOT, "append call -> long-polling consumer over %d appends: p50 %.2f ms, "
                + "p99 %.2f ms, max %.2f ms; from the append's return (commit): p50 %.2f ms, p99 %.2f ms",
                LATENCY_APPENDS, p50, p99, max, millis(afterCommit[LATENCY_APPENDS / 2]),
                millis(afterCommit[(int) Math.ceil(LATENCY_APPENDS * 0.99) - 1])));
        assertThat(p99).as("a long poll is woken by the append, not by its 10 s running out").isLessThan(5_000);

        long before = store.headPosition();
        for (int batch = 0; batch < CATCH_UP_ENTRIES / 100; batch++) {
            List<EventData> events = new ArrayList<>(100);
            for (int k = 0; k < 100; k++) {
                events.add(event("OrderPlaced", 1));
            }
            store.append("public-bulk-" + (batch % 20), ExpectedVersion.any(), events);
        }
        HttpEventFeed reader = closeLater(HttpEventFeed.builder(server.uri("/feed")).longPoll(Duration.ZERO).build());
        catchUp(reader, before); // once to warm up the JIT, then measured
        long readStart = System.nanoTime();
        long after = catchUp(reader, before);
        double seconds = (System.nanoTime() - readStart) / 1e9;
        report(String.format(Locale.ROOT, "catch-up of %d entries in pages of %d: %.2f s, %.0f entries/s",
                CATCH_UP_ENTRIES, FeedPublisher.DEFAULT_MAX_LIMIT, seconds, CATCH_UP_ENTRIES / seconds));
        assertThat(after).isEqualTo(store.headPosition());
    }

    /** Reads every entry after {@code before}, checking they come in order; returns the last position. */
    private static long catchUp(HttpEventFeed reader, long before) throws InterruptedException {
        long after = before;
        int read = 0;
        while (read < CATCH_UP_ENTRIES) {
            List<RecordedEvent> page = reader.read(after, FeedPublisher.DEFAULT_MAX_LIMIT);
            assertThat(page).as("entries after %d", after).isNotEmpty();
            read += page.size();
            after = page.get(page.size() - 1).position();
        }
        assertThat(read).isEqualTo(CATCH_UP_ENTRIES);
        return after;
    }

    private void report(String line) {
        System.out.println("[feed measurement, " + getClass().getSimpleName() + "] " + line);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
