package dev.eventstore.contract;

import dev.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract suite every store passes. A backend's test extends this class and implements
 * {@link #createStore()} in a few lines; the tests come from the contract interfaces it implements,
 * one per area:
 * <ul>
 *   <li>{@link AppendContract}: versions, positions, expected versions, atomicity;</li>
 *   <li>{@link IdempotencyContract}: retries of recorded appends, and every other reuse of an id;</li>
 *   <li>{@link ReadContract}: streams, the log, categories, what comes back, lazy paging;</li>
 *   <li>{@link ReadEventContract}: reads by event id;</li>
 *   <li>{@link QueryContract}: reads by query, forward and backward;</li>
 *   <li>{@link ConditionContract}: conditional (DCB) appends, including a race for one username;</li>
 *   <li>{@link DcbExamplesContract}: invoice numbers and unique usernames, the DCB specification's
 *       examples, decided on the last matching event, with racing writers;</li>
 *   <li>{@link SubscriptionContract}: catch-up and live delivery, filters, retries, failure, batches,
 *       closing;</li>
 *   <li>{@link AwaitPositionContract}: waiting until a subscription or a projection runner has handled
 *       a position;</li>
 *   <li>{@link ConcurrencyContract}: many writers at once, and a reader following the log;</li>
 *   <li>{@link InputValidationContract}: bad arguments to every method;</li>
 *   <li>{@link LifecycleContract}: closing the store.</li>
 * </ul>
 * The tests assume only what the API promises: positions grow strictly but may have holes and be
 * large; JSON comes back as the same value, not the same text; {@code recordedAt} is only known to
 * be plausible. Each test gets a new, empty store and closes it afterwards. Transactional stores also
 * pass {@link TransactionalStoreContract}.
 *
 * <pre>{@code
 * class InMemoryEventStoreTest extends EventStoreContract {
 *     protected EventStore createStore() { return new InMemoryEventStore(); }
 * }
 * }</pre>
 */
public abstract class EventStoreContract implements AppendContract, IdempotencyContract, ReadContract,
        ReadEventContract, QueryContract, ConditionContract, DcbExamplesContract, SubscriptionContract,
        AwaitPositionContract,
        ConcurrencyContract, InputValidationContract, LifecycleContract {

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
