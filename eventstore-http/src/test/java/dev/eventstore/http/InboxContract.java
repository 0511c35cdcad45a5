package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A {@link Reactor} in one store follows another store's feed through {@link HttpEventFeed}, its
 * checkpoint in its own store, committed with its effects: an inbox.
 */
interface InboxContract extends HttpFixture {

    /** Where the consumer books its effects. */
    String EFFECTS = "effects-1";

    @Test
    default void everyEntryTakesEffectOnceAcrossRestartsOfConsumerAndPublisher() throws Exception {
        TransactionalEventStore<?> orders = openStore("orders");
        FeedPublisher firstPublisher = FeedPublisher.builder(orders, "orders", EventFilter.category("public")).build();
        TestServer firstServer = closeLater(TestServer.start(0, Map.of("/feed", firstPublisher)));
        int port = firstServer.port();
        URI feedUri = firstServer.uri("/feed");

        // The publisher's service writes on, whatever happens to either side's processes.
        int total = 100;
        Set<UUID> published = ConcurrentHashMap.newKeySet();
        Set<UUID> crashOnce = ConcurrentHashMap.newKeySet();
        AtomicLong lastPublished = new AtomicLong();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                if (i % 3 == 0) {
                    orders.append("order-" + i, ExpectedVersion.any(), List.of(event("Internal", 1)));
                }
                EventData entry = event("OrderPlaced", 1 + i % 2);
                published.add(entry.id());
                if (i % 25 == 7) {
                    crashOnce.add(entry.id());
                }
                lastPublished.set(orders.append("public-order-" + (i % 10), ExpectedVersion.any(), List.of(entry))
                        .lastPosition());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3)); // a steady pace, not a burst
            }
        });

        TransactionalEventStore<?> payments = openStore("payments");
        HttpEventFeed feed = closeLater(feed(feedUri));
        Reactor<?> inbox = closeLater(startInbox(payments, feed, crashOnce));
        awaitCondition("a third of the entries take effect", () -> effects(payments).size() >= total / 3);

        // The publisher's server stops: the consumer waits and says so, and goes on when it is back.
        firstServer.close();
        firstPublisher.close();
        awaitCondition("the feed shows as failing", feed::failing);
        assertThat(feed.lastError()).get().satisfies(error -> {
            assertThat(error.feed()).isEqualTo("orders");
            assertThat(error.getMessage()).contains("orders");
        });
        assertThat(inbox.state()).isNotEqualTo(Subscription.State.FAILED);
        FeedPublisher secondPublisher = closeLater(
                FeedPublisher.builder(orders, "orders", EventFilter.category("public")).build());
        closeLater(TestServer.start(port, Map.of("/feed", secondPublisher)));
        awaitCondition("the feed answers again", () -> !feed.failing());
        awaitCondition("two thirds of the entries take effect", () -> effects(payments).size() >= 2 * total / 3);

        // The consumer restarts (its store too, where it keeps what it kept).
        feed.close();
        inbox.close();
        assertThat(inbox.state()).isEqualTo(Subscription.State.CLOSED);
        TransactionalEventStore<?> reopened = payments;
        if (durable()) {
            payments.close();
            reopened = openStore("payments");
        }
        HttpEventFeed secondFeed = closeLater(feed(feedUri));
        Reactor<?> restarted = closeLater(startInbox(reopened, secondFeed, crashOnce));

        writing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(restarted.awaitPosition(lastPublished.get(), TIMEOUT)).isTrue();

        List<JsonNode> effects = effects(reopened);
        List<UUID> entries = new ArrayList<>();
        for (JsonNode effect : effects) {
            entries.add(UUID.fromString(effect.get("entry").asText()));
        }
        assertThat(new HashSet<>(entries)).as("no entry took effect twice").hasSize(entries.size());
        assertThat(entries).as("every entry took effect").containsExactlyInAnyOrderElementsOf(published);
        assertThat(crashOnce).as("four reactions failed after their effect, and were rolled back").isEmpty();
        List<Long> positions = effects.stream().map(e -> e.get("position").asLong()).toList();
        assertThat(positions).as("in the feed's order").isSorted();
        JsonNode first = effects.get(0);
        assertThat(first.get("source").asText()).isEqualTo("orders");
        assertThat(first.get("subject").asText()).startsWith("public-order-");
        assertThat(first.get("schemaVersion").asInt()).isBetween(1, 2);
    }

    private HttpEventFeed feed(URI uri) {
        return HttpEventFeed.builder(uri).name("orders").longPoll(Duration.ofSeconds(2)).build();
    }

    /**
     * Books one effect per entry in the consumer's store; the reactions of the entries in
     * {@code crashOnce} fail once after booking, so that their transactions (effect and checkpoint) roll
     * back and run again.
     */
    private static <T extends EventTransaction> Reactor<T> startInbox(TransactionalEventStore<T> store,
            HttpEventFeed feed, Set<UUID> crashOnce) {
        return Reactor.builder("orders-inbox", store)
                .source(feed)
                // A failed batch is delivered again whole, and its attempts count for all its entries.
                .retry(new RetryPolicy(20, Duration.ofMillis(10), Duration.ofMillis(100)))
                .reaction((entry, ctx) -> {
                    String effect = Http.JSON.createObjectNode()
                            .put("entry", entry.id().toString())
                            .put("position", entry.position())
                            .put("subject", entry.streamId())
                            .put("sequence", entry.version())
                            .put("source", Http.JSON.readTree(entry.metadata()).get("$source").asText())
                            .put("schemaVersion", Http.JSON.readTree(entry.metadata()).get("$schemaVersion").asInt())
                            .toString();
                    ctx.transaction().append(EFFECTS, ExpectedVersion.any(), List.of(EventData.of("Applied", effect)));
                    if (crashOnce.remove(entry.id())) {
                        throw new IllegalStateException("a crash after the effect, before the commit");
                    }
                })
                .start();
    }

    private static List<JsonNode> effects(TransactionalEventStore<?> store) {
        List<JsonNode> effects = new ArrayList<>();
        for (RecordedEvent event : store.readStream(EFFECTS).toList()) {
            try {
                effects.add(Http.JSON.readTree(event.data()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return effects;
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
