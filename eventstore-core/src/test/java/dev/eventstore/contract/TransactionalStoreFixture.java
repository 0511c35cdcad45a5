package dev.eventstore.contract;

import dev.eventstore.EventTransaction;
import dev.eventstore.TransactionalEventStore;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the contracts of transactional stores need beyond {@link StoreFixture}: the store typed as a
 * {@link TransactionalEventStore}, and a way to open its storage again, as a restarted process or a
 * second process would. {@link TransactionalStoreContract} implements it; backends extend that class.
 *
 * <p>A store that keeps nothing outside its own instance (the in-memory one) cannot be opened again:
 * there {@link #restart()} and {@link #openSecond()} give back the same instance, so that the tests
 * still restart, or double, what runs on it.
 *
 * @param <T> the store's transaction type
 */
public interface TransactionalStoreFixture<T extends EventTransaction> extends StoreFixture {

    @Override
    TransactionalEventStore<T> store();

    /**
     * Restarts the store: closes it and opens a new instance on the same storage (the same SQLite file,
     * the same PostgreSQL schema); {@link #store()} returns the new instance from then on. Close what
     * runs on the store first.
     *
     * @return the store now under test
     */
    TransactionalEventStore<T> restart();

    /**
     * @return another instance on the same storage, as a second process opens it; closed after the
     *     test
     */
    TransactionalEventStore<T> openSecond();

    /**
     * Runs {@code task} on a thread of its own and waits for it: for calls that must come from another
     * thread than the test's (a transaction refuses them), or that must not hang the test.
     *
     * @param task the task
     * @param <R> what it returns
     * @return what it returned
     * @throws Exception what it threw, unwrapped; a {@link TimeoutException} after {@link #TIMEOUT}
     */
    default <R> R onOtherThread(java.util.concurrent.Callable<R> task) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return await(thread.submit(task));
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * Waits for a task that runs on another thread.
     *
     * @param result the task's future
     * @param <R> what it returns
     * @return what it returned
     * @throws Exception what it threw, unwrapped; a {@link TimeoutException} after {@link #TIMEOUT}
     */
    static <R> R await(Future<R> result) throws Exception {
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
