package dev.eventstore.contract;

import dev.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract suite every store passes. A backend's test extends this class and implements
 * {@link #createStore()} in a few lines; the tests come from the contract interfaces it implements.
 *
 * <pre>{@code
 * class InMemoryEventStoreTest extends EventStoreContract {
 *     protected EventStore createStore() { return new InMemoryEventStore(); }
 * }
 * }</pre>
 */
public abstract class EventStoreContract implements AppendContract, IdempotencyContract, ReadContract,
        QueryContract, ConditionContract, SubscriptionContract, ConcurrencyContract, InputValidationContract,
        LifecycleContract {

    private EventStore store;

    /**
     * @return a new, empty store; it is closed after the test
     * @throws Exception if the store cannot be created (the test then fails, it is not skipped)
     */
    protected abstract EventStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public EventStore store() {
        return store;
    }
}
