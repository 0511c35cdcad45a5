package dev.eventstore.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a benchmark of the store: the ways hand-written JDBC can write W2's batch of 100 events to a new
 * stream, timed against each other so that {@link AppendBatchBenchmark}'s baseline is the fastest.
 * The ways take turns batch by batch, in a rotating order, so that a machine whose speed drifts
 * (a shared one) slows them all alike; separate JMH runs minutes apart could not tell them apart there.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.eventstore.benchmarks.RawBatchWays [rounds]</pre>
 *
 * Prints, per way, the mean and median time of a batch and the events/s the mean makes.
 */
public final class RawBatchWays {

    private RawBatchWays() {
    }

    /**
     * @param args the number of timed batches per way (default 1,000), after 200 untimed ones
     * @throws Exception if a database cannot be reached
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Map<String, RawJdbc> ways = new LinkedHashMap<>();
        ways.put("PostgreSQL: INSERT ... SELECT FROM unnest(arrays), auto-commit",
                new RawPostgres("bench_ways_unnest", RawPostgres.BatchWay.UNNEST, true));
        ways.put("PostgreSQL: version, then a JDBC batch with reWriteBatchedInserts",
                new RawPostgres("bench_ways_rewritten", RawPostgres.BatchWay.JDBC_BATCH, true));
        ways.put("PostgreSQL: version, then a JDBC batch, one INSERT per row",
                new RawPostgres("bench_ways_batch", RawPostgres.BatchWay.JDBC_BATCH, false));
        ways.put("PostgreSQL: version, then COPY FROM STDIN (CopyManager)",
                new RawPostgres("bench_ways_copy", RawPostgres.BatchWay.COPY, true));
        ways.put("SQLite: version, then one 100-row INSERT",
                new RawSqlite(true));
        ways.put("SQLite: version, then a reused one-row INSERT per event",
                new RawSqlite(false));
        try {
            List<String> names = new ArrayList<>(ways.keySet());
            for (int r = 0; r < 200; r++) {
                for (String name : names) {
                    ways.get(name).appendBatch(Fixtures.randomStream("w2"), AppendBatchBenchmark.events(r));
                }
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            names.forEach(name -> times.put(name, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((r + k) % names.size());
                    var events = AppendBatchBenchmark.events(r * names.size() + k);
                    String stream = Fixtures.randomStream("w2");
                    long start = System.nanoTime();
                    ways.get(name).appendBatch(stream, events);
                    times.get(name).add(System.nanoTime() - start);
                }
            }
            for (Map.Entry<String, List<Long>> way : times.entrySet()) {
                List<Long> sorted = new ArrayList<>(way.getValue());
                Collections.sort(sorted);
                double mean = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
                System.out.printf(Locale.ROOT, "%-70s mean %6.2f ms, median %6.2f ms, %,8.0f events/s%n", way.getKey(),
                        mean / 1e6, sorted.get(sorted.size() / 2) / 1e6, AppendBatchBenchmark.BATCH / (mean / 1e9));
            }
        } finally {
            for (RawJdbc raw : ways.values()) {
                raw.close();
            }
        }
    }
}
