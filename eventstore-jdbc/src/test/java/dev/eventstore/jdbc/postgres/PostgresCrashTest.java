package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StoreUnavailableException;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import dev.eventstore.contract.Reliability;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL itself crashing: a throwaway cluster ({@link ThrowawayPostgres}) is stopped with
 * {@code pg_ctl -m immediate} while writers append and a subscription and a reactor follow the log,
 * then started again (crash recovery). While it is down every append fails with an exception; once
 * it is back the subscription and the reactor resume on their own; nothing acknowledged is lost and
 * nothing is delivered out of order or twice, and the reactor's effect of each event exists exactly
 * once. CI crashes it twice; {@code -Deventstore.long=true} 10 times
 * ({@code -Deventstore.crash.serverCrashes=N}).
 */
class PostgresCrashTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @Test
    void writersFailWhileTheServerIsDownAndNothingAcknowledgedIsLostOrDeliveredOutOfOrder() throws Exception {
        int crashes = Reliability.budget("eventstore.crash.serverCrashes", 2, 10);
        long started = System.nanoTime();
        try (ThrowawayPostgres cluster = ThrowawayPostgres.startOrSkip();
                JdbcEventStore store = JdbcEventStore.postgres(cluster.url()).schema("crashed").maxPoolSize(8).build()) {
            List<RecordedEvent> delivered = Collections.synchronizedList(new ArrayList<>());
            Subscription follower = store.subscribe(SubscriptionOptions.builder(EventFilter.category("crash"))
                    .name("follower").build(), delivered::add);
            AtomicLong reactions = new AtomicLong();
            Reactor<JdbcTransaction> reactor = Reactor.builder("echo", store).filter(EventFilter.category("crash"))
                    .reaction((event, ctx) -> {
                        // Exactly once: a second reaction to the same event would find its stream taken.
                        ctx.transaction().append("echo-" + event.id(), ExpectedVersion.noStream(),
                                List.of(EventData.of("Echoed", "{}")));
                        ctx.transaction().afterCommit(reactions::incrementAndGet);
                    }).start();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            AtomicReference<EventStoreException> sample = new AtomicReference<>();
            Map<UUID, AppendResult> acks = Collections.synchronizedMap(new HashMap<>());
            ExecutorService writers = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String stream = "crash-" + w;
                running.add(writers.submit(() -> write(store, stream, stop, acks, acknowledged, failed, sample, unexpected)));
            }
            long downMillis = 0;
            for (int crash = 0; crash < crashes; crash++) {
                Thread.sleep(1_500);
                long before = failed.get();
                cluster.crash();
                long down = System.nanoTime();
                Thread.sleep(2_000);
                assertThat(failed.get()).as("appends failed while the server was down").isGreaterThan(before);
                cluster.start();
                downMillis += (System.nanoTime() - down) / 1_000_000;
            }
            Thread.sleep(1_500);
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            assertThat(unexpected.get()).as("only store exceptions").isNull();
            assertThat(sample.get()).isNotNull();
            assertThat(sample.get()).as("a lost server is reported as such, the driver's exception as the cause")
                    .isInstanceOf(StoreUnavailableException.class).hasCauseInstanceOf(SQLException.class);

            assertThat(follower.awaitCaughtUp(CATCH_UP)).as("the subscription resumed; server log:\n%s", cluster.logTail())
                    .isTrue();
            assertThat(reactor.awaitCaughtUp(CATCH_UP)).as("the reactor resumed").isTrue();
            List<RecordedEvent> log = store.readCategory("crash", 0, Long.MAX_VALUE).toList();
            Map<UUID, RecordedEvent> byId = new HashMap<>();
            log.forEach(e -> byId.put(e.id(), e));
            synchronized (acks) {
                for (Map.Entry<UUID, AppendResult> ack : acks.entrySet()) {
                    RecordedEvent event = byId.get(ack.getKey());
                    assertThat(event).as("acknowledged event %s", ack.getKey()).isNotNull();
                    assertThat(event.position()).isEqualTo(ack.getValue().lastPosition());
                    assertThat(event.version()).isEqualTo(ack.getValue().nextExpectedVersion());
                }
            }
            for (int w = 0; w < 3; w++) {
                List<RecordedEvent> stream = store.readStream("crash-" + w).toList();
                for (int v = 0; v < stream.size(); v++) {
                    assertThat(stream.get(v).version()).as("versions of crash-%d are dense", w).isEqualTo(v + 1L);
                }
            }
            List<RecordedEvent> seen;
            synchronized (delivered) {
                seen = List.copyOf(delivered);
            }
            assertThat(seen).as("delivered once each, in position order, none skipped")
                    .extracting(RecordedEvent::id).containsExactlyElementsOf(log.stream().map(RecordedEvent::id).toList());
            assertThat(follower.state()).isEqualTo(Subscription.State.LIVE);
            assertThat(reactor.failure()).isEmpty();
            for (RecordedEvent event : log) {
                assertThat(store.streamVersion("echo-" + event.id())).as("the reactor's effect of %s", event).isEqualTo(1);
            }
            reactor.close();
            follower.close();
            Reliability.report("PostgreSQL crashed (pg_ctl -m immediate)", String.format(Locale.ROOT,
                    "%d crashes, %.1f s down in all, %d appends acknowledged and all present, %d failed with an "
                            + "exception, %d events delivered in order once each, %d reactions exactly once, %.1f s",
                    crashes, downMillis / 1e3, acks.size(), failed.get(), seen.size(), reactions.get(),
                    (System.nanoTime() - started) / 1e9));
        }
    }

    private static Void write(JdbcEventStore store, String stream, AtomicBoolean stop, Map<UUID, AppendResult> acks,
            AtomicLong acknowledged, AtomicLong failed, AtomicReference<EventStoreException> sample,
            AtomicReference<Throwable> unexpected) throws InterruptedException {
        long version = -1;
        while (!stop.get()) {
            try {
                if (version < 0) {
                    // After a failure the append may have committed all the same: ask the store.
                    version = store.streamVersion(stream);
                }
                EventData event = EventData.of("Written", "{\"v\":" + (version + 1) + "}");
                AppendResult result = store.append(stream, ExpectedVersion.exactly(version), List.of(event));
                acks.put(event.id(), result);
                acknowledged.incrementAndGet();
                version = result.nextExpectedVersion();
                Thread.sleep(5);
            } catch (EventStoreException e) {
                failed.incrementAndGet();
                sample.compareAndSet(null, e);
                version = -1;
                Thread.sleep(50);
            } catch (RuntimeException | Error e) {
                unexpected.compareAndSet(null, e);
                return null;
            }
        }
        return null;
    }
}
