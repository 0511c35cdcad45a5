package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.aggregate.Snapshot;
import dev.eventstore.aggregate.SnapshotStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SnapshotStore} passes. A backend's test extends this class and implements
 * {@link #createStore()}; a store that is {@link AutoCloseable} is closed after each test.
 *
 * <pre>{@code
 * class PostgresSnapshotStoreTest extends SnapshotStoreContract {
 *     protected SnapshotStore createStore() { return new PostgresSnapshotStore(dataSource, schema); }
 * }
 * }</pre>
 *
 * <p>Tests use fresh random stream ids, so stores may share a database between tests.
 */
public abstract class SnapshotStoreContract {

    /** Compares JSON exactly: decimals keep their scale, so {@code 0.10} differs from {@code 0.1}. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private SnapshotStore store;

    /**
     * @return a store for one test; it may hold snapshots of other tests' streams
     * @throws Exception if it cannot be created (the test then fails, it is not skipped)
     */
    protected abstract SnapshotStore createStore() throws Exception;

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
    protected SnapshotStore store() {
        return store;
    }

    /** @return a stream id no other test uses */
    protected static String newStream() {
        return "account-" + UUID.randomUUID();
    }

    /** A time every backend keeps exactly (databases keep microseconds at best). */
    protected static Instant time(long second) {
        return Instant.parse("2024-05-01T10:00:00Z").plusSeconds(second).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Snapshot snapshot(String stream, long version, int schemaVersion, String state) {
        return new Snapshot(stream, version, "com.example.Account", schemaVersion, state, time(version));
    }

    private static JsonNode json(String text) throws Exception {
        return EXACT.readTree(text);
    }

    @Test
    void aStreamWithoutSnapshotLoadsNothing() {
        assertThat(store.load(newStream())).isEmpty();
    }

    @Test
    void loadsBackWhatWasSaved() throws Exception {
        String stream = newStream();
        Snapshot saved = new Snapshot(stream, 42, "com.example.Account", 3,
                "{\"holder\":\"John Jones\",\"balance\":10.50,\"tags\":[\"a\",\"b\"]}", time(7));

        store.save(saved);
        Snapshot loaded = store.load(stream).orElseThrow();

        assertThat(loaded.streamId()).isEqualTo(stream);
        assertThat(loaded.version()).isEqualTo(42);
        assertThat(loaded.stateType()).isEqualTo("com.example.Account");
        assertThat(loaded.schemaVersion()).isEqualTo(3);
        assertThat(loaded.takenAt()).isEqualTo(time(7));
        assertThat(json(loaded.state())).isEqualTo(json(saved.state()));
    }

    @Test
    void keepsDecimalsInTheStateExactly() throws Exception {
        String stream = newStream();

        store.save(snapshot(stream, 1, 1, "{\"balance\":0.10,\"big\":12345678901234567890.123456789012345678901}"));

        assertThat(json(store.load(stream).orElseThrow().state()))
                .isEqualTo(json("{\"balance\":0.10,\"big\":12345678901234567890.123456789012345678901}"));
    }

    @Test
    void keepsStatesThatAreNotObjects() throws Exception {
        String stream = newStream();

        store.save(snapshot(stream, 1, 1, "null"));
        assertThat(json(store.load(stream).orElseThrow().state()).isNull()).isTrue();

        store.save(snapshot(stream, 2, 1, "[1,2,3]"));
        assertThat(json(store.load(stream).orElseThrow().state())).isEqualTo(json("[1,2,3]"));
    }

    @Test
    void keepsLargeStatesAndUnicode() throws Exception {
        String stream = newStream();
        String text = "é漢😀 \\\"quoted\\\" ".repeat(10_000);

        store.save(snapshot(stream, 1, 1, "{\"text\":\"" + text + "\"}"));

        assertThat(json(store.load(stream).orElseThrow().state())).isEqualTo(json("{\"text\":\"" + text + "\"}"));
    }

    @Test
    void aNewerSnapshotReplacesTheOlder() {
        String stream = newStream();

        store.save(snapshot(stream, 10, 1, "{\"v\":10}"));
        store.save(snapshot(stream, 20, 1, "{\"v\":20}"));

        assertThat(store.load(stream).orElseThrow().version()).isEqualTo(20);
    }

    @Test
    void anOlderSnapshotNeverReplacesANewer() {
        String stream = newStream();

        store.save(snapshot(stream, 20, 1, "{\"v\":20}"));
        store.save(snapshot(stream, 10, 1, "{\"v\":10}"));

        Snapshot loaded = store.load(stream).orElseThrow();
        assertThat(loaded.version()).isEqualTo(20);
        assertThat(loaded.state()).contains("20");
    }

    @Test
    void aSnapshotAtTheSameVersionReplacesTheStoredOne() {
        String stream = newStream();

        store.save(snapshot(stream, 20, 1, "{\"v\":1}"));
        store.save(snapshot(stream, 20, 2, "{\"v\":2}"));

        Snapshot loaded = store.load(stream).orElseThrow();
        assertThat(loaded.schemaVersion()).isEqualTo(2);
        assertThat(loaded.state()).contains("2");
    }

    @Test
    void streamsAreIndependent() {
        String first = newStream();
        String second = newStream();

        store.save(snapshot(first, 5, 1, "{\"s\":1}"));
        store.save(snapshot(second, 3, 1, "{\"s\":2}"));
        store.delete(second);

        assertThat(store.load(first).orElseThrow().version()).isEqualTo(5);
        assertThat(store.load(second)).isEmpty();
    }

    @Test
    void deleteRemovesTheSnapshotAndIsHarmlessWithoutOne() {
        String stream = newStream();
        store.save(snapshot(stream, 5, 1, "{}"));

        store.delete(stream);
        store.delete(stream);
        store.delete(newStream());

        assertThat(store.load(stream)).isEmpty();
        store.save(snapshot(stream, 1, 1, "{}"));
        assertThat(store.load(stream).orElseThrow().version()).as("a deleted stream accepts lower versions again")
                .isEqualTo(1);
    }

    @Test
    void racingSavesKeepTheHighestVersion() throws Exception {
        String stream = newStream();
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= 200; v++) {
            versions.add(v);
        }
        Collections.shuffle(versions);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int v : versions) {
                saves.add(pool.submit(() -> store.save(snapshot(stream, v, 1, "{\"v\":" + v + "}"))));
            }
            for (Future<?> save : saves) {
                save.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Optional<Snapshot> loaded = store.load(stream);
        assertThat(loaded).isPresent();
        assertThat(loaded.get().version()).isEqualTo(200);
        assertThat(loaded.get().state()).contains("200");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> store.save(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshot");
        assertThatThrownBy(() -> store.load(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId");
        assertThatThrownBy(() -> store.load(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId");
        assertThatThrownBy(() -> store.delete("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId");
    }
}
