package dev.eventstore.contract;

import dev.eventstore.EventTransaction;
import dev.eventstore.TransactionalEventStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract suite every {@link TransactionalEventStore} passes, beside {@link EventStoreContract}:
 * <ul>
 *   <li>{@link TransactionContract}: commit and rollback with joined checkpoints, snapshots and
 *       deadlines, what a transaction sees, its thread, its end, after-commit actions;</li>
 *   <li>{@link CommandContract}: idempotent commands, sent again, at once, after a restart, in a
 *       transaction;</li>
 *   <li>{@link ReactorContract}: reactors, their deadlines, and feeds as their source;</li>
 *   <li>{@link ParkedEventsContract}: poison events parked, retried and skipped, in stream order;</li>
 *   <li>{@link SubscriptionParkingContract}: the same for per-event subscriptions;</li>
 *   <li>{@link ConsumerGroupContract}: consumer groups' partitions, leases, rebalancing and fencing;</li>
 *   <li>{@link LateCommitContract}: a condition built from the caller's own append against an event a
 *       transaction committed after it;</li>
 *   <li>{@link MetricsContract}: what the store and its consumers report to a metrics listener.</li>
 * </ul>
 * A backend's test extends this class and implements {@link #createStore()}, and, if its storage
 * outlives a store instance, {@link #openAgain()}:
 *
 * <pre>{@code
 * class SqliteTransactionalStoreTest extends TransactionalStoreContract<JdbcTransaction> {
 *     @TempDir Path directory;
 *     protected JdbcEventStore createStore() { return JdbcEventStore.sqlite(directory.resolve("events.db")).build(); }
 *     protected JdbcEventStore openAgain() { return createStore(); }
 * }
 * }</pre>
 *
 * @param <T> the store's transaction type
 */
public abstract class TransactionalStoreContract<T extends EventTransaction>
        implements TransactionContract<T>, CommandContract<T>, ReactorContract<T>, LateCommitContract<T>,
        ParkedEventsContract<T>, SubscriptionParkingContract<T>, MetricsContract<T>,
        ConsumerGroupContract<T> {

    private TransactionalEventStore<T> store;
    private final List<TransactionalEventStore<T>> others = new ArrayList<>();

    /**
     * @return a new, empty store; it is closed after the test
     * @throws Exception if the store cannot be created (the test then fails, it is not skipped)
     */
    protected abstract TransactionalEventStore<T> createStore() throws Exception;

    /**
     * Opens another instance on the storage of the store {@link #createStore()} made last, as a
     * restarted or a second process does. Only called if {@link #canOpenAgain()}.
     *
     * @return the new instance
     * @throws Exception if it cannot be opened
     */
    protected TransactionalEventStore<T> openAgain() throws Exception {
        throw new UnsupportedOperationException("this store keeps nothing outside its instance");
    }

    /**
     * @return false for a store that keeps nothing outside its instance (in memory): restarts and second
     *     instances then use the same instance
     */
    protected boolean canOpenAgain() {
        return true;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStores() {
        for (TransactionalEventStore<T> other : others) {
            other.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public TransactionalEventStore<T> store() {
        return store;
    }

    @Override
    public TransactionalEventStore<T> restart() {
        if (!canOpenAgain()) {
            return store;
        }
        store.close();
        try {
            store = openAgain();
        } catch (Exception e) {
            throw new AssertionError("could not open the store again", e);
        }
        return store;
    }

    @Override
    public TransactionalEventStore<T> openSecond() {
        if (!canOpenAgain()) {
            return store;
        }
        try {
            TransactionalEventStore<T> second = openAgain();
            others.add(second);
            return second;
        } catch (Exception e) {
            throw new AssertionError("could not open a second instance of the store", e);
        }
    }
}
