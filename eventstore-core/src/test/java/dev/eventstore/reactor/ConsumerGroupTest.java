package dev.eventstore.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventTransaction;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.memory.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A consumer group's settings are checked when set, and the in-memory leases follow their rules. */
class ConsumerGroupTest {

    private final InMemoryEventStore store = new InMemoryEventStore();

    private ConsumerGroup.Builder<EventTransaction> builder() {
        return ConsumerGroup.builder("group", store);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> ConsumerGroup.builder(" ", store)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> builder().partitions(0)).hasMessageContaining("partitions").hasMessageContaining("0");
        assertThatThrownBy(() -> builder().partitions(1025)).hasMessageContaining("1025");
        assertThatThrownBy(() -> builder().leaseTime(Duration.ofMillis(99))).hasMessageContaining("PT0.099S");
        assertThatThrownBy(() -> builder().heartbeatInterval(Duration.ofMillis(5))).hasMessageContaining("PT0.005S");
        assertThatThrownBy(() -> builder().member("")).hasMessageContaining("member");
        assertThatThrownBy(() -> builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().reaction(null)).hasMessageContaining("reaction");
        assertThatThrownBy(() -> builder().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reaction");
        assertThatThrownBy(() -> builder().reaction((event, ctx) -> { }).leaseTime(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(1)).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PT1S");
    }

    @Test
    void aLeaseIsTakenOnlyWhenFreeAndEachTakeRaisesItsEpoch() {
        InMemoryLeaseStore leases = new InMemoryLeaseStore();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(leases.acquire("g", 3, "a", now, now.plusSeconds(10))).hasValue(1);
        assertThat(leases.acquire("g", 3, "b", now.plusSeconds(9), now.plusSeconds(19))).isEmpty();
        assertThat(leases.holds("g", 3, "a", 1)).isTrue();
        assertThat(leases.renew("g", "a", now.plusSeconds(20))).isEqualTo(Map.of(3, 1L));
        assertThat(leases.acquire("g", 3, "b", now.plusSeconds(15), now.plusSeconds(25))).isEmpty();
        assertThat(leases.acquire("g", 3, "b", now.plusSeconds(20), now.plusSeconds(30))).hasValue(2);
        assertThat(leases.holds("g", 3, "a", 1)).as("the old owner is fenced off").isFalse();
        assertThat(leases.renew("g", "a", now.plusSeconds(40))).isEmpty();
        leases.release("g", 3, "a", 1);
        assertThat(leases.holds("g", 3, "b", 2)).as("a stale release changes nothing").isTrue();
        leases.release("g", 3, "b", 2);
        assertThat(leases.acquire("g", 3, "c", now.plusSeconds(21), now.plusSeconds(31))).hasValue(3);
        assertThatThrownBy(() -> leases.acquire("g", -1, "a", now, now.plusSeconds(1)))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> leases.acquire("g", 0, "a", now, now)).hasMessageContaining("expiresAt");
    }

    @Test
    void membersAreAliveUntilTheirHeartbeatExpiresOrTheyLeave() {
        InMemoryLeaseStore leases = new InMemoryLeaseStore();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        leases.heartbeat("g", "b", now.plusSeconds(10));
        leases.heartbeat("g", "a", now.plusSeconds(5));
        assertThat(leases.members("g", now)).containsExactly("a", "b");
        assertThat(leases.members("g", now.plusSeconds(5))).containsExactly("b");
        leases.leave("g", "b");
        assertThat(leases.members("g", now)).containsExactly("a");
        assertThat(leases.members("other", now)).isEmpty();
    }
}
