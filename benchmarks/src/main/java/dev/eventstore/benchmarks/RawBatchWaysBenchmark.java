package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Not a workload: the ways hand-written JDBC can write W2's batch of 100 events, measured side by
 * side so that the baseline of {@link AppendBatchBenchmark} is the fastest of them. Run it alone:
 * {@code benchmarks/run.sh --quick RawBatchWays}. Score: events/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawBatchWaysBenchmark {

    /** The way to write: a PostgreSQL {@link RawPostgres.BatchWay}, or SQLite's two. */
    @Param({"PG_UNNEST", "PG_JDBC_BATCH_REWRITTEN", "PG_JDBC_BATCH", "PG_COPY", "SQLITE_MULTI_ROW", "SQLITE_EACH"})
    public String way;

    private RawJdbc raw;

    /** @throws Exception if the baseline cannot be set up */
    @Setup
    public void open() throws Exception {
        raw = switch (way) {
            case "PG_UNNEST" -> new RawPostgres("bench_ways_raw", RawPostgres.BatchWay.UNNEST, true);
            case "PG_JDBC_BATCH_REWRITTEN" -> new RawPostgres("bench_ways_raw", RawPostgres.BatchWay.JDBC_BATCH, true);
            case "PG_JDBC_BATCH" -> new RawPostgres("bench_ways_raw", RawPostgres.BatchWay.JDBC_BATCH, false);
            case "PG_COPY" -> new RawPostgres("bench_ways_raw", RawPostgres.BatchWay.COPY, true);
            case "SQLITE_MULTI_ROW" -> new RawSqlite(true);
            case "SQLITE_EACH" -> new RawSqlite(false);
            default -> throw new IllegalArgumentException("unknown way: " + way);
        };
    }

    /** Drops the baseline's tables. */
    @TearDown
    public void close() {
        raw.close();
    }

    /** @throws Exception if the append fails */
    @Benchmark
    @OperationsPerInvocation(AppendBatchBenchmark.BATCH)
    public void hundredEvents() throws Exception {
        int seed = ThreadLocalRandom.current().nextInt();
        List<EventData> events = new ArrayList<>(AppendBatchBenchmark.BATCH);
        for (int i = 0; i < AppendBatchBenchmark.BATCH; i++) {
            events.add(Fixtures.event(seed + i));
        }
        raw.appendBatch(Fixtures.randomStream("w2"), events);
    }
}
