package dev.eventstore.contract.model;

import dev.eventstore.TransactionalEventStore;
import dev.eventstore.contract.Reliability;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Model-based, differential tests that every store runs: random histories of appends (every kind of
 * expected version, conditions, events sent again, transactions that commit or roll back), reads of
 * every kind and subscriptions, each run on a fresh store and checked step by step against the
 * {@link Model}; a failure is shrunk to a minimal history and reported with its seed. Then threads
 * appending at once, checked for a legal serial order ({@link ConcurrentHistory}).
 *
 * <p>Budgets ({@link Reliability}): in CI {@link #ciHistories()} histories and a time cap of
 * {@code eventstore.model.seconds} (default 40 s) each; {@code -Deventstore.long=true} runs 5,000
 * histories and 500 concurrent rounds within an hour. {@code -Deventstore.model.seed=N} runs the
 * histories of one seed again. Each test prints what it ran.
 *
 * <pre>{@code
 * class SqliteModelTest extends ModelBasedContract {
 *     @TempDir Path directory;
 *     protected TransactionalEventStore<?> createStore() {
 *         return JdbcEventStore.sqlite(directory.resolve(UUID.randomUUID() + ".db")).build();
 *     }
 *     protected String backend() { return "SQLite"; }
 * }
 * }</pre>
 */
public abstract class ModelBasedContract {

    /**
     * @return a new, empty store; called once per history (and per shrinking attempt), closed after it
     * @throws Exception if it cannot be created
     */
    protected abstract TransactionalEventStore<?> createStore() throws Exception;

    /** @return the backend's name, for the printed figures */
    protected abstract String backend();

    /** @return how many histories CI runs; a backend whose stores are slow to create runs fewer */
    protected int ciHistories() {
        return 300;
    }

    /** @return how many concurrent rounds CI runs */
    protected int ciConcurrentRounds() {
        return 12;
    }

    /**
     * How much one test runs: a number of tries and a time cap, from a seed.
     *
     * @param seed the seed of the whole run
     * @param tries how many histories or rounds at most
     * @param started when the test began
     * @param deadline when it stops even if tries are left
     */
    private record Budget(long seed, int tries, long started, long deadline) {
        static Budget of(String triesProperty, int ci, int longRun) {
            long now = System.nanoTime();
            return new Budget(Reliability.seed("eventstore.model.seed"), Reliability.budget(triesProperty, ci, longRun),
                    now, now + Reliability.budget("eventstore.model.seconds", 40, 3_600) * 1_000_000_000L);
        }

        boolean allows(int done) {
            return done < tries && System.nanoTime() < deadline;
        }

        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    @Test
    void randomHistoriesAgreeWithTheModel() throws Exception {
        Budget budget = Budget.of("eventstore.model.histories", ciHistories(), 5_000);
        long seed = budget.seed();
        Random seeds = new Random(seed);
        int histories = 0;
        long operations = 0;
        Map<String, Long> tally = new TreeMap<>();
        while (budget.allows(histories)) {
            long historySeed = seeds.nextLong();
            Random random = new Random(historySeed);
            List<Op> history = Histories.history(random, 5 + random.nextInt(36));
            AssertionError failure = runOnce(history, tally);
            if (failure != null) {
                fail(seed, historySeed, history, failure);
            }
            operations += count(history);
            histories++;
        }
        Reliability.report("model-based histories, " + backend(), String.format(Locale.ROOT,
                "%d histories, %d operations, 0 disagreements, %.1f s (seed %d); %s", histories, operations,
                budget.seconds(), seed, tally));
    }

    @Test
    void concurrentAppendsHaveALegalSerialOrder() throws Exception {
        Budget budget = Budget.of("eventstore.model.concurrentRounds", ciConcurrentRounds(), 500);
        long seed = budget.seed();
        Random seeds = new Random(seed);
        int done = 0;
        long attempts = 0;
        long succeeded = 0;
        long wrongVersion = 0;
        long conditionFailed = 0;
        while (budget.allows(done)) {
            long roundSeed = seeds.nextLong();
            try (TransactionalEventStore<?> store = createStore()) {
                ConcurrentHistory.Summary summary = ConcurrentHistory.run(store, roundSeed, 4, 25);
                attempts += summary.attempts().size();
                succeeded += summary.succeeded();
                wrongVersion += summary.wrongVersion();
                conditionFailed += summary.conditionFailed();
            } catch (AssertionError e) {
                throw new AssertionError("concurrent round with seed " + roundSeed + " (run with "
                        + "-Deventstore.model.seed=" + seed + "): " + e.getMessage(), e);
            }
            done++;
        }
        Reliability.report("model-based concurrent appends, " + backend(), String.format(Locale.ROOT,
                "%d rounds of 4 threads, %d appends (%d succeeded, %d wrong version, %d condition failed), "
                        + "a legal serial order each time, %.1f s (seed %d)", done, attempts, succeeded, wrongVersion,
                conditionFailed, budget.seconds(), seed));
    }

    private AssertionError runOnce(List<Op> history, Map<String, Long> tally) throws Exception {
        try (TransactionalEventStore<?> store = createStore()) {
            new HistoryRunner(store, tally).run(history);
            return null;
        } catch (AssertionError e) {
            return e;
        }
    }

    private void fail(long seed, long historySeed, List<Op> history, AssertionError failure) {
        Shrinker.Result shrunk = new Shrinker(candidate -> {
            try {
                return runOnce(candidate, new TreeMap<>()) != null;
            } catch (Exception e) {
                return true;
            }
        }, 400).shrink(history);
        AssertionError minimal;
        try {
            minimal = runOnce(shrunk.history(), new TreeMap<>());
        } catch (Exception e) {
            minimal = new AssertionError(e);
        }
        StringBuilder message = new StringBuilder();
        message.append(backend()).append(" disagrees with the model. Shrunk from ").append(history.size())
                .append(" to ").append(shrunk.history().size()).append(" steps in ").append(shrunk.attempts())
                .append(" attempts (run again with -Deventstore.model.seed=").append(seed).append("; history seed ")
                .append(historySeed).append("):\n");
        for (int i = 0; i < shrunk.history().size(); i++) {
            message.append("  ").append(i + 1).append(". ").append(shrunk.history().get(i)).append('\n');
        }
        message.append("fails with: ").append(minimal == null ? failure.getMessage() : minimal.getMessage());
        throw new AssertionError(message.toString(), minimal == null ? failure : minimal);
    }

    /**
     * @param history a history
     * @return how many operations it makes: its steps, and the appends inside its transactions
     */
    static long count(List<Op> history) {
        long count = 0;
        for (Op op : history) {
            count += op instanceof Op.Transaction transaction ? 1 + transaction.appends().size() : 1;
        }
        return count;
    }
}
