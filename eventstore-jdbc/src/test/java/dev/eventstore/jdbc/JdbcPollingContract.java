package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Appends another store (another process's, say) made on the same database reach a subscription by
 * polling, as often as {@code pollInterval} says, when nothing else wakes it.
 */
public abstract class JdbcPollingContract {

    /**
     * @param pollInterval the store's poll interval
     * @return a store on this test's database, with no other wake-up than polling; every call of
     *     one test opens the same database
     */
    protected abstract JdbcEventStore openStore(Duration pollInterval);

    @Test
    void anotherStoresAppendArrivesWithinThePollIntervalAndNotBefore() throws Exception {
        try (JdbcEventStore writer = openStore(Duration.ofHours(1));
                JdbcEventStore polling = openStore(Duration.ofMillis(50));
                JdbcEventStore sleepy = openStore(Duration.ofHours(1))) {
            List<RecordedEvent> fast = new CopyOnWriteArrayList<>();
            List<RecordedEvent> slow = new CopyOnWriteArrayList<>();
            Subscription quick = polling.subscribe(EventFilter.all(), 0, fast::add);
            Subscription late = sleepy.subscribe(EventFilter.all(), 0, slow::add);
            assertThat(quick.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            assertThat(late.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();

            writer.append("polled-1", ExpectedVersion.noStream(), List.of(EventData.of("Polled", "{}")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (fast.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fast).extracting(RecordedEvent::streamId).containsExactly("polled-1");
            // The store that polls hourly must not look again for longer than any default interval
            // (a second): nothing but polling could tell it, so both deliveries follow the setting.
            long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            while (slow.isEmpty() && System.nanoTime() < quiet) {
                Thread.sleep(20);
            }
            assertThat(slow).isEmpty();
            quick.close();
            late.close();
        }
    }
}
