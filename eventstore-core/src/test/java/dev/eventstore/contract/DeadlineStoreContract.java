package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.reactor.Deadline;
import dev.eventstore.reactor.DeadlineStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeadlineStore} passes. A backend's test extends this class and implements
 * {@link #createStore()}; a store that is {@link AutoCloseable} is closed after each test.
 *
 * <pre>{@code
 * class SqliteDeadlineStoreTest extends DeadlineStoreContract {
 *     protected DeadlineStore createStore() { return eventStore.deadlineStore(); }
 * }
 * }</pre>
 *
 * <p>Tests use fresh random owners, so stores may share a database between tests. Times are whole
 * microseconds: databases keep no more.
 */
public abstract class DeadlineStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");

    private DeadlineStore store;

    /**
     * @return a store for one test; it may hold other tests' deadlines
     * @throws Exception if it cannot be created (the test then fails, it is not skipped)
     */
    protected abstract DeadlineStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** @return the store under test */
    protected DeadlineStore store() {
        return store;
    }

    /** @return an owner (a reactor's name) no other test uses */
    protected static String newOwner() {
        return "reactor-" + UUID.randomUUID();
    }

    /**
     * @param seconds seconds after a fixed start
     * @return that time, to the microsecond
     */
    protected static Instant at(double seconds) {
        return T0.plusNanos(Math.round(seconds * 1_000_000) * 1_000);
    }

    private static Deadline deadline(String owner, String key, double seconds) {
        return new Deadline(owner, key, at(seconds), "{\"key\":\"" + key + "\"}");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static List<String> keys(List<Deadline> deadlines) {
        return deadlines.stream().map(Deadline::key).toList();
    }

    // ---------------------------------------------------------------- schedule, find, cancel

    @Test
    void findsWhatWasScheduledWithItsTimeAndData() throws Exception {
        String owner = newOwner();
        Deadline scheduled = new Deadline(owner, "payment:order-7", at(30),
                "{\"orderId\":\"order-7\",\"amount\":10.50,\"items\":[1,2],\"note\":\"é漢😀 \\\"q\\\"\"}");

        store.schedule(scheduled);
        Deadline found = store.find(owner, "payment:order-7").orElseThrow();

        assertThat(found.owner()).isEqualTo(owner);
        assertThat(found.key()).isEqualTo("payment:order-7");
        assertThat(found.dueAt()).isEqualTo(at(30));
        assertThat(json(found.data())).isEqualTo(json(scheduled.data()));
    }

    @Test
    void anUnknownKeyOrOwnerFindsNothing() {
        String owner = newOwner();
        store.schedule(deadline(owner, "a", 1));

        assertThat(store.find(owner, "b")).isEmpty();
        assertThat(store.find(newOwner(), "a")).isEmpty();
        assertThat(store.find(owner, "A")).as("keys are exact").isEmpty();
    }

    @Test
    void schedulingAKeyAgainReplacesItsDeadline() throws Exception {
        String owner = newOwner();
        store.schedule(new Deadline(owner, "a", at(10), "{\"v\":1}"));

        store.schedule(new Deadline(owner, "a", at(5), "{\"v\":2}"));

        Deadline found = store.find(owner, "a").orElseThrow();
        assertThat(found.dueAt()).isEqualTo(at(5));
        assertThat(json(found.data())).isEqualTo(json("{\"v\":2}"));
        assertThat(store.due(owner, at(100), 10)).hasSize(1);
    }

    @Test
    void cancelRemovesTheDeadlineAndSaysWhetherThereWasOne() {
        String owner = newOwner();
        store.schedule(deadline(owner, "a", 1));
        store.schedule(deadline(owner, "b", 2));

        assertThat(store.cancel(owner, "a")).isTrue();
        assertThat(store.cancel(owner, "a")).isFalse();
        assertThat(store.cancel(owner, "never")).isFalse();
        assertThat(store.cancel(newOwner(), "b")).as("another owner's key").isFalse();

        assertThat(store.find(owner, "a")).isEmpty();
        assertThat(store.find(owner, "b")).isPresent();
        assertThat(keys(store.due(owner, at(100), 10))).containsExactly("b");
    }

    @Test
    void ownersAreIndependent() {
        String first = newOwner();
        String second = newOwner();
        store.schedule(deadline(first, "a", 1));
        store.schedule(deadline(second, "a", 2));

        store.cancel(first, "a");

        assertThat(store.find(second, "a").orElseThrow().dueAt()).isEqualTo(at(2));
        assertThat(store.due(first, at(100), 10)).isEmpty();
        assertThat(store.nextDue(first)).isEmpty();
        assertThat(store.nextDue(second)).contains(at(2));
    }

    @Test
    void keepsNamesOfTheMaximumLengthWithUnicodeAndQuotes() {
        String owner = ("reactor 'é漢😀\" " + UUID.randomUUID() + "x".repeat(Deadline.MAX_NAME_LENGTH))
                .substring(0, Deadline.MAX_NAME_LENGTH);
        String key = "k".repeat(Deadline.MAX_NAME_LENGTH);

        store.schedule(new Deadline(owner, key, at(1), "{}"));

        assertThat(store.find(owner, key)).isPresent();
        assertThat(store.cancel(owner, key)).isTrue();
    }

    // ---------------------------------------------------------------- due, nextDue

    @Test
    void dueReturnsTheDeadlinesAtOrBeforeNowEarliestFirstTiesByKey() {
        String owner = newOwner();
        store.schedule(deadline(owner, "c", 3));
        store.schedule(deadline(owner, "late", 60));
        store.schedule(deadline(owner, "b", 1));
        store.schedule(deadline(owner, "a", 2));
        store.schedule(deadline(owner, "z", 1));
        store.schedule(deadline(newOwner(), "other", 0));

        assertThat(keys(store.due(owner, at(3), 100))).containsExactly("b", "z", "a", "c");
        assertThat(keys(store.due(owner, at(2.999999), 100))).as("a microsecond before c is due")
                .containsExactly("b", "z", "a");
        assertThat(store.due(owner, at(0.5), 100)).isEmpty();
        assertThat(keys(store.due(owner, at(1000), 100))).containsExactly("b", "z", "a", "c", "late");
    }

    @Test
    void dueReturnsAtMostTheLimitEarliestFirst() {
        String owner = newOwner();
        for (int i = 20; i >= 1; i--) {
            store.schedule(deadline(owner, String.format("k%02d", i), i));
        }

        assertThat(keys(store.due(owner, at(100), 3))).containsExactly("k01", "k02", "k03");
        assertThat(keys(store.due(owner, at(100), 1))).containsExactly("k01");
        assertThat(store.due(owner, at(100), 1000)).hasSize(20);
    }

    @Test
    void dueReturnsDeadlinesThatCanBeClaimedAsTheyAre() {
        String owner = newOwner();
        store.schedule(deadline(owner, "a", 1));

        Deadline due = store.due(owner, at(1), 1).get(0);

        assertThat(due.dueAt()).isEqualTo(at(1));
        assertThat(store.claim(due)).isTrue();
    }

    @Test
    void nextDueIsTheEarliestDeadlineOfTheOwner() {
        String owner = newOwner();
        assertThat(store.nextDue(owner)).isEmpty();

        store.schedule(deadline(owner, "b", 20));
        store.schedule(deadline(owner, "a", 10));
        store.schedule(deadline(newOwner(), "x", 1));
        assertThat(store.nextDue(owner)).contains(at(10));

        store.cancel(owner, "a");
        assertThat(store.nextDue(owner)).contains(at(20));
        store.schedule(deadline(owner, "b", 5));
        assertThat(store.nextDue(owner)).as("after b was moved earlier").contains(at(5));
        store.cancel(owner, "b");
        assertThat(store.nextDue(owner)).isEmpty();
    }

    // ---------------------------------------------------------------- claim

    @Test
    void claimTakesTheDeadlineOutOnce() {
        String owner = newOwner();
        Deadline scheduled = deadline(owner, "a", 1);
        store.schedule(scheduled);

        assertThat(store.claim(scheduled)).isTrue();
        assertThat(store.claim(scheduled)).as("claimed again").isFalse();

        assertThat(store.find(owner, "a")).isEmpty();
        assertThat(store.due(owner, at(100), 10)).isEmpty();
        assertThat(store.nextDue(owner)).isEmpty();
    }

    @Test
    void claimOfADeadlineRescheduledMeanwhileIsFalseAndKeepsTheNewOne() {
        String owner = newOwner();
        Deadline first = deadline(owner, "a", 1);
        store.schedule(first);
        Deadline due = store.due(owner, at(1), 10).get(0);

        store.schedule(deadline(owner, "a", 30));

        assertThat(store.claim(due)).isFalse();
        assertThat(store.find(owner, "a").orElseThrow().dueAt()).isEqualTo(at(30));
    }

    @Test
    void claimOfADeadlineCancelledMeanwhileIsFalse() {
        String owner = newOwner();
        Deadline scheduled = deadline(owner, "a", 1);
        store.schedule(scheduled);
        store.cancel(owner, "a");

        assertThat(store.claim(scheduled)).isFalse();
        assertThat(store.claim(deadline(owner, "never", 1))).isFalse();
        assertThat(store.find(owner, "a")).isEmpty();
    }

    @Test
    void ofTwoThreadsClaimingOneDeadlineExactlyOneWins() throws Exception {
        String owner = newOwner();
        int rounds = 20;
        List<Deadline> deadlines = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Deadline deadline = deadline(owner, "k" + i, i);
            store.schedule(deadline);
            deadlines.add(deadline);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Deadline deadline : deadlines) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    claims.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store.claim(deadline);
                    }));
                }
                int won = 0;
                for (Future<Boolean> claim : claims) {
                    won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(won).as("claims of %s that returned true", deadline).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.nextDue(owner)).isEmpty();
    }

    @Test
    void aTimeWithNanosecondsIsKeptAtLeastToTheMicrosecond() {
        String owner = newOwner();
        Instant precise = T0.plusNanos(123_456_789);

        store.schedule(new Deadline(owner, "a", precise, "{}"));

        Instant read = store.find(owner, "a").orElseThrow().dueAt();
        assertThat(read).isBetween(precise.truncatedTo(ChronoUnit.MICROS), precise);
        assertThat(store.due(owner, precise, 10)).as("due at its own time").hasSize(1);
        assertThat(store.claim(store.due(owner, precise, 10).get(0))).isTrue();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> store.schedule(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> store.claim(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> store.find(null, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> store.find("r", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> store.cancel("r", "x".repeat(Deadline.MAX_NAME_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> store.cancel("a\nb", "k")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> store.due(newOwner(), null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("now");
        assertThatThrownBy(() -> store.due(newOwner(), T0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit").hasMessageContaining("0");
        assertThatThrownBy(() -> store.due("", T0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> store.nextDue(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> new Deadline("r", "k", T0, "not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data");
    }
}
