package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.ConsumerGroup;
import dev.eventstore.reactor.LeaseStore;
import dev.eventstore.reactor.Reaction;
import dev.eventstore.reactor.ReactionFailedException;
import dev.eventstore.reactor.Reactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups on each store: members split the partitions between them and rebalance when one
 * joins or leaves; an expired lease is taken over; a member that lost its lease cannot commit; each
 * event's effect in the store commits once, and each stream's effects are in its events' order.
 *
 * <p>The reactions append, in their transaction, an effect naming the event (stream and version) with
 * a random id: only the checkpoint, under the lease's fence, keeps it from doubling. Effects go to a
 * category the group does not follow.
 *
 * @param <T> the store's transaction type
 */
public interface ConsumerGroupContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** The category the groups of these tests follow. */
    String ORDERS = "order";
    /** The category the effects go to: a stream for each order stream, so their appends never collide. */
    String EFFECTS = "groupeffects";
    /** Retries enough to ride out the conflicts of concurrent transactions. */
    dev.eventstore.RetryPolicy GROUP_RETRY = new dev.eventstore.RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(50));

    private static String newGroup() {
        return "group-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ConsumerGroup.Builder<T> member(TransactionalEventStore<T> store, String group, String id) {
        return ConsumerGroup.builder(group, store)
                .member(id)
                .partitions(8)
                .leaseTime(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofMillis(100))
                .filter(EventFilter.category(ORDERS))
                .retry(GROUP_RETRY)
                .reaction(effect());
    }

    private static <T extends EventTransaction> Reaction<T> effect() {
        return (event, ctx) -> ctx.transaction().append(EFFECTS + "-" + event.streamId(), ExpectedVersion.any(), List.of(EventData.of("Effect",
                "{\"stream\":\"" + event.streamId() + "\",\"version\":" + event.version() + "}")));
    }

    /** Appends {@code perStream} events to each of {@code streams} new order streams, interleaved. */
    private long appendOrders(int streams, int perStream) {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            ids.add(newStream(ORDERS));
        }
        long last = 0;
        for (int v = 0; v < perStream; v++) {
            for (String id : ids) {
                last = append(id, event("Ordered")).lastPosition();
            }
        }
        return last;
    }

    /**
     * Checks every order event has exactly one effect and each stream's effects follow its versions.
     *
     * @return the number of order events
     */
    private int assertEachEventOnceInOrder() {
        Map<String, List<Long>> effects = new HashMap<>();
        for (RecordedEvent effect : effects()) {
            JsonNode data = json(effect.data());
            effects.computeIfAbsent(data.get("stream").asText(), s -> new ArrayList<>()).add(data.get("version").asLong());
        }
        int orders = 0;
        Map<String, Long> versions = new HashMap<>();
        for (RecordedEvent event : readAll()) {
            if (event.streamId().startsWith(ORDERS + "-")) {
                orders++;
                versions.merge(event.streamId(), event.version(), Math::max);
            }
        }
        assertThat(effects.keySet()).as("the streams with effects").isEqualTo(versions.keySet());
        for (Map.Entry<String, Long> stream : versions.entrySet()) {
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= stream.getValue(); v++) {
                expected.add(v);
            }
            assertThat(effects.get(stream.getKey())).as("the effects of %s, once each, in order", stream.getKey())
                    .containsExactlyElementsOf(expected);
        }
        return orders;
    }

    private List<RecordedEvent> effects() {
        try (java.util.stream.Stream<RecordedEvent> read = store().readCategory(EFFECTS, 0, Long.MAX_VALUE)) {
            return read.toList();
        }
    }

    private static void assertSplit(int partitions, List<ConsumerGroup<?>> members) {
        Set<Integer> all = new HashSet<>();
        int owned = 0;
        for (ConsumerGroup<?> member : members) {
            all.addAll(member.ownedPartitions());
            owned += member.ownedPartitions().size();
        }
        assertThat(owned).as("partitions held, counted over the members " + members).isEqualTo(partitions);
        assertThat(all).as("the partitions held").hasSize(partitions);
    }

    @Test
    default void groupTwoMembersSplitThePartitionsAndHandleEachEventOnceInOrder() throws Exception {
        String group = newGroup();
        long head = appendOrders(30, 5);
        try (ConsumerGroup<T> a = member(store(), group, "a").start();
                ConsumerGroup<T> b = member(openSecond(), group, "b").start()) {
            awaitTrue("the two members hold 4 partitions each", () -> a.ownedPartitions().size() == 4
                    && b.ownedPartitions().size() == 4);
            assertSplit(8, List.of(a, b));
            awaitTrue("each member sees both", () -> a.members().equals(List.of("a", "b"))
                    && b.members().equals(List.of("a", "b")));
            head = appendOrders(30, 5);
            assertThat(a.awaitPosition(head, TIMEOUT)).as("the group reached the head").isTrue();
        }
        assertThat(assertEachEventOnceInOrder()).isEqualTo(300);
    }

    @Test
    default void groupAThirdMemberJoinsAndTheOthersReleaseItsShare() throws Exception {
        String group = newGroup();
        appendOrders(20, 3);
        try (ConsumerGroup<T> a = member(store(), group, "a").start();
                ConsumerGroup<T> b = member(openSecond(), group, "b").start()) {
            awaitTrue("two members share the partitions", () -> a.ownedPartitions().size() == 4
                    && b.ownedPartitions().size() == 4);
            try (ConsumerGroup<T> c = member(openSecond(), group, "c").start()) {
                awaitTrue("three members share the partitions, none above ceil(8 / 3) = 3",
                        () -> a.ownedPartitions().size() <= 3 && b.ownedPartitions().size() <= 3
                                && c.ownedPartitions().size() >= 2
                                && a.ownedPartitions().size() + b.ownedPartitions().size()
                                        + c.ownedPartitions().size() == 8);
                assertSplit(8, List.of(a, b, c));
                long head = appendOrders(20, 3);
                assertThat(c.awaitPosition(head, TIMEOUT)).as("the group reached the head").isTrue();
            }
        }
        assertThat(assertEachEventOnceInOrder()).isEqualTo(120);
    }

    @Test
    default void groupAClosedMemberReleasesItsPartitionsAtOnce() throws Exception {
        String group = newGroup();
        try (ConsumerGroup<T> a = member(store(), group, "a").start()) {
            ConsumerGroup<T> b = member(openSecond(), group, "b").start();
            awaitTrue("two members share the partitions", () -> a.ownedPartitions().size() == 4
                    && b.ownedPartitions().size() == 4);
            long closed = System.nanoTime();
            b.close();
            assertThat(b.ownedPartitions()).isEmpty();
            awaitTrue("the remaining member holds every partition", () -> a.ownedPartitions().size() == 8);
            assertThat(Duration.ofNanos(System.nanoTime() - closed))
                    .as("taken over well before the 10 s lease would expire").isLessThan(Duration.ofSeconds(5));
            awaitTrue("the remaining member sees itself alone", () -> a.members().equals(List.of("a")));
            long head = appendOrders(10, 3);
            assertThat(a.awaitPosition(head, TIMEOUT)).isTrue();
        }
        assertThat(assertEachEventOnceInOrder()).isEqualTo(30);
    }

    @Test
    default void groupTheLeasesOfAMemberThatStoppedHeartBeatingAreTakenOverOnceExpired() throws Exception {
        String group = newGroup();
        long head = appendOrders(20, 3);
        LeaseStore leases = store().leaseStore();
        Instant now = Instant.now();
        Instant expires = now.plusMillis(3_000);
        // A member that took every partition and then went silent (killed, hung).
        leases.heartbeat(group, "silent", expires);
        for (int p = 0; p < 8; p++) {
            assertThat(leases.acquire(group, p, "silent", now, expires)).hasValue(1);
        }
        try (ConsumerGroup<T> a = member(store(), group, "a").leaseTime(Duration.ofSeconds(1)).start()) {
            awaitTrue("the member sees the silent one alive", () -> a.members().equals(List.of("a", "silent")));
            assertThat(Instant.now()).as("this test's premise: the leases have not expired yet").isBefore(expires);
            assertThat(a.ownedPartitions()).as("nothing is free before the silent member's leases expire").isEmpty();
            awaitTrue("every expired partition is taken over", () -> a.ownedPartitions().size() == 8);
            assertThat(Instant.now()).as("taken over once expired").isAfterOrEqualTo(expires);
            assertThat(leases.leases(group)).extracting(LeaseStore.Lease::owner).containsOnly("a");
            assertThat(leases.leases(group)).extracting(LeaseStore.Lease::epoch).containsOnly(2L);
            assertThat(a.awaitPosition(head, TIMEOUT)).isTrue();
        }
        assertThat(assertEachEventOnceInOrder()).isEqualTo(60);
    }

    @Test
    default void groupAMemberThatLostItsLeaseCannotCommit() throws Exception {
        String group = newGroup();
        String stream = newStream(ORDERS);
        append(stream, event("Ordered"));
        CountDownLatch reacting = new CountDownLatch(1);
        CountDownLatch stolen = new CountDownLatch(1);
        Reaction<T> slow = (event, ctx) -> {
            reacting.countDown();
            try {
                stolen.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ConsumerGroupContract.<T>effect().react(event, ctx);
        };
        try (ConsumerGroup<T> a = member(store(), group, "a").partitions(1).leaseTime(Duration.ofSeconds(2))
                .reaction(slow).start()) {
            assertThat(reacting.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the member reacts").isTrue();
            // Another member, whose clock runs far ahead, finds the lease expired and takes it.
            Instant later = Instant.now().plus(Duration.ofHours(1));
            assertThat(store().leaseStore().acquire(group, 0, "thief", later, later.plusSeconds(60))).hasValue(2);
            stolen.countDown();
            awaitTrue("the member drops the partition it lost", () -> a.ownedPartitions().isEmpty());
            assertThat(effects()).as("the stale owner's effect was refused").isEmpty();
            assertThat(store().checkpointStore().load(group)).isZero();
            assertThat(store().leaseStore().leases(group)).singleElement()
                    .satisfies(lease -> assertThat(lease.owner()).isEqualTo("thief"));
        }
    }

    @Test
    default void groupAPoisonEventStopsItsPartitionOnlyAndTheMemberKeepsIt() throws Exception {
        String group = newGroup();
        String poison = newStream(ORDERS);
        append(poison, event("Poison"));
        Reaction<T> reaction = (event, ctx) -> {
            if (event.type().equals("Poison")) {
                throw new IllegalStateException("cannot handle " + event.streamId());
            }
            ConsumerGroupContract.<T>effect().react(event, ctx);
        };
        int stopped = Reactor.partitionOf(poison, 8);
        try (ConsumerGroup<T> a = member(store(), group, "a").reaction(reaction).start()) {
            awaitTrue("the poison event's partition stops", () -> a.failures().containsKey(stopped));
            assertThat(a.failures().get(stopped)).hasRootCauseMessage("cannot handle " + poison)
                    .hasCauseInstanceOf(ReactionFailedException.class);
            String other;
            do {
                other = newStream(ORDERS);
            } while (Reactor.partitionOf(other, 8) == stopped);
            long head = append(other, event("Ordered")).lastPosition();
            awaitTrue("the other partitions carry on", () -> effects().size() == 1);
            Thread.sleep(300);
            assertThat(a.ownedPartitions()).as("the member keeps the stopped partition").hasSize(8);
            assertThat(a.failures()).containsOnlyKeys(stopped);
            assertThat(head).isPositive();
        }
    }

    @Test
    default void groupAParkedPoisonEventHoldsBackOnlyItsStreamAndIsRetriedThroughAnyMember() throws Exception {
        String group = newGroup();
        String poison = newStream(ORDERS);
        String other = newStream(ORDERS);
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        Reaction<T> reaction = (event, ctx) -> {
            if (event.type().equals("Poison") && broken.get()) {
                throw new IllegalStateException("cannot handle " + event.streamId());
            }
            ConsumerGroupContract.<T>effect().react(event, ctx);
        };
        long parkedAt = append(poison, event("Poison")).lastPosition();
        long waitingAt = append(poison, event("Ordered")).lastPosition();
        append(other, event("Ordered"));
        try (ConsumerGroup<T> a = member(store(), group, "a").reaction(reaction)
                .retry(new dev.eventstore.RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .onPoison(dev.eventstore.reactor.Poison.PARK).start()) {
            awaitTrue("the member holds its partitions", () -> a.ownedPartitions().size() == 8);
            awaitTrue("the poison event and the one behind it are parked", () -> a.parkedEvents().list().size() == 2);
            awaitTrue("the other stream goes on", () -> effects().size() == 1);
            assertThat(a.failures()).as("no partition stopped").isEmpty();
            assertThat(a.parkedEvents().list()).extracting(dev.eventstore.reactor.ParkedEvent::position)
                    .containsExactly(parkedAt, waitingAt);
            assertThat(a.parkedEvents().consumer()).isEqualTo(group);

            broken.set(false);
            assertThat(a.parkedEvents().retry(parkedAt)).as("the parked event and the one behind it").isEqualTo(2);

            assertThat(a.parkedEvents().list()).isEmpty();
            assertThat(assertEachEventOnceInOrder()).isEqualTo(3);
        }
    }
}
