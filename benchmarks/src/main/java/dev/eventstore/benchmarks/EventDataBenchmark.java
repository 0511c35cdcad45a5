package dev.eventstore.benchmarks;

import dev.eventstore.EventData;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Building an event to append, which checks its type, that its data is one JSON value and that its
 * metadata is one JSON object: the work every append does for every event before a store sees it.
 * Score: ns per event built. Not one of the workloads W1-W7: the table in the README leaves it out.
 *
 * <p>Run it alone with {@code java -jar benchmarks/target/benchmarks.jar EventDataBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventDataBenchmark {

    /** The benchmarks' bank transaction: about 150 characters of JSON, five members. */
    private final String data = Fixtures.payload(4217);
    /** A correlation id, as most applications send. */
    private final String metadata = Fixtures.METADATA;
    private final UUID id = UUID.randomUUID();

    /** @return an event with a new id and no metadata, the shortest way to build one */
    @Benchmark
    public EventData of() {
        return EventData.of("MoneyWithdrawn", data);
    }

    /** @return an event with metadata, built the way the store benchmarks build theirs */
    @Benchmark
    public EventData ofWithMetadata() {
        return EventData.of("MoneyWithdrawn", data).withMetadata(metadata);
    }

    /** @return an event with a given id and metadata: the checks alone, without making an id */
    @Benchmark
    public EventData constructor() {
        return new EventData(id, "MoneyWithdrawn", data, metadata, Set.of());
    }
}
