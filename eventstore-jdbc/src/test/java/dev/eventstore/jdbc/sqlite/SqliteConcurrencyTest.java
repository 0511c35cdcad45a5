package dev.eventstore.jdbc.sqlite;

import dev.eventstore.jdbc.ChildJvm;
import dev.eventstore.jdbc.JdbcEventStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers sharing one SQLite file: in one process, in two stores, and across processes. */
class SqliteConcurrencyTest {

    @TempDir
    Path directory;

    @Test
    void aWriterInAnotherProcessHoldingTheLockMakesAppendsFailAfterTheBusyTimeout() throws Exception {
        Path file = directory.resolve("locked.db");
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).busyTimeout(Duration.ofMillis(300)).build()) {
            store.append("before-1", ExpectedVersion.noStream(), List.of(EventData.of("Before", "{}")));
            Process holder = new ProcessBuilder(ChildJvm.command(HoldWriteLock.class, List.of(file.toString())))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader output = new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertThat(output.readLine()).isEqualTo("locked");
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.append("blocked-1", ExpectedVersion.any(),
                        List.of(EventData.of("Blocked", "{}"))))
                        .isInstanceOf(EventStoreException.class)
                        .hasMessageContaining("locked")
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("300 ms");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(250);
                // Readers are not blocked by the other process's writer.
                assertThat(store.readAll(0, 10).count()).isEqualTo(1);
            } finally {
                holder.getOutputStream().close();
                assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(store.streamVersion("blocked-1")).isZero();
            store.append("blocked-1", ExpectedVersion.noStream(), List.of(EventData.of("Unblocked", "{}")));
            assertThat(store.headPosition()).isEqualTo(2);
        }
    }

    @Test
    void twoStoresOnOneFileShareTheLogAndSeeEachOthersAppends() throws Exception {
        Path file = directory.resolve("shared.db");
        try (JdbcEventStore first = JdbcEventStore.sqlite(file).pollInterval(Duration.ofMillis(20)).build();
                JdbcEventStore second = JdbcEventStore.sqlite(file).pollInterval(Duration.ofMillis(20)).build()) {
            List<RecordedEvent> seenBySecond = new CopyOnWriteArrayList<>();
            Subscription subscription = second.subscribe(EventFilter.all(), 0, seenBySecond::add);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                JdbcEventStore store = w % 2 == 0 ? first : second;
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.append("shared-" + writer, ExpectedVersion.any(),
                                List.of(EventData.of("Shared", "{\"i\":" + i + "}")));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            List<Long> positions = seenBySecond.stream().map(RecordedEvent::position).toList();
            assertThat(positions).hasSize(200);
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).isEqualTo(i + 1L);
            }
            for (int w = 0; w < 4; w++) {
                assertThat(first.streamVersion("shared-" + w)).isEqualTo(50);
            }
            subscription.close();
        }
    }
}
