package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.projection.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CheckpointStore} passes. A backend's test extends this class and
 * implements {@link #createStore()}; a store that is {@link AutoCloseable} is closed after each test.
 *
 * <pre>{@code
 * class SqliteCheckpointStoreTest extends CheckpointStoreContract {
 *     protected CheckpointStore createStore() { return new SqliteCheckpointStore(dataSource); }
 * }
 * }</pre>
 *
 * <p>Tests use fresh random names, so stores may share a database between tests.
 */
public abstract class CheckpointStoreContract {

    private CheckpointStore store;

    /**
     * @return a store for one test; it may hold other tests' checkpoints
     * @throws Exception if it cannot be created (the test then fails, it is not skipped)
     */
    protected abstract CheckpointStore createStore() throws Exception;

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
    protected CheckpointStore store() {
        return store;
    }

    /** @return a checkpoint name no other test uses */
    protected static String newName() {
        return "projection-" + UUID.randomUUID();
    }

    @Test
    void anUnknownNameIsAtPositionZero() {
        assertThat(store.load(newName())).isZero();
    }

    @Test
    void loadsBackWhatWasSaved() {
        String name = newName();

        store.save(name, 42);

        assertThat(store.load(name)).isEqualTo(42);
    }

    @Test
    void aSaveReplacesThePreviousPosition() {
        String name = newName();

        store.save(name, 10);
        store.save(name, 20);

        assertThat(store.load(name)).isEqualTo(20);
    }

    @Test
    void aCheckpointCanMoveBackForARebuild() {
        String name = newName();
        store.save(name, 500);

        store.save(name, 0);

        assertThat(store.load(name)).isZero();
    }

    @Test
    void keepsTheLargestPositions() {
        String name = newName();

        store.save(name, Long.MAX_VALUE);

        assertThat(store.load(name)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void namesAreIndependentAndExact() {
        String name = newName();
        store.save(name, 7);
        store.save(name + "-other", 9);
        store.save(name.toUpperCase(), 11);

        assertThat(store.load(name)).isEqualTo(7);
        assertThat(store.load(name + "-other")).isEqualTo(9);
        assertThat(store.load(name.toUpperCase())).isEqualTo(11);
        assertThat(store.load(name + " ")).as("names are not trimmed").isZero();
    }

    @Test
    void keepsNamesWithUnicodeAndQuotes() {
        String name = "projection 'balances' \"é漢😀\" " + UUID.randomUUID();

        store.save(name, 3);

        assertThat(store.load(name)).isEqualTo(3);
    }

    @Test
    void keepsNamesOfTheMaximumLength() {
        String name = (UUID.randomUUID() + "x".repeat(CheckpointStore.MAX_NAME_LENGTH))
                .substring(0, CheckpointStore.MAX_NAME_LENGTH);

        store.save(name, 5);

        assertThat(store.load(name)).isEqualTo(5);
    }

    @Test
    void concurrentWritersOfDifferentNamesDoNotInterfere() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            names.add(newName());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String name : names) {
                writers.add(pool.submit(() -> {
                    for (long position = 1; position <= 50; position++) {
                        store.save(name, position);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (String name : names) {
            assertThat(store.load(name)).as(name).isEqualTo(50);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> store.load(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must not be null");
        assertThatThrownBy(() -> store.load(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> store.save("x".repeat(CheckpointStore.MAX_NAME_LENGTH + 1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + CheckpointStore.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> store.save("a\nb", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> store.save(newName(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position must be at least 0, was: -1");
    }
}
