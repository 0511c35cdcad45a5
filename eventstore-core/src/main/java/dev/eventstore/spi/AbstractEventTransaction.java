package dev.eventstore.spi;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Metrics;
import dev.eventstore.metrics.MetricsListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every store's transaction shares: argument checks and paged reads (from
 * {@link AbstractEventReader}), the rule that it is used only by the thread that began it and only
 * until it ends, the two ways of ending it, and the after-commit actions. A store implements the
 * storage: reads and appends on the transaction, commit and rollback.
 *
 * <p>The store creates it <em>managed</em> (for {@code inTransaction}: the store ends it with
 * {@link #commitNow()} or {@link #rollback()}, and the caller's {@link #commit()} and {@link #close()}
 * are refused) or not (for {@code beginTransaction}: the caller ends it).
 */
public abstract class AbstractEventTransaction extends AbstractEventReader implements EventTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractEventTransaction.class);

    private final boolean managed;
    private final Thread owner = Thread.currentThread();
    private final List<Runnable> afterCommit = new ArrayList<>(2);
    private final List<MeasuredAppend> measured = new ArrayList<>(0);
    private boolean ended;
    private boolean appended;

    /**
     * @param pageSize how many events lazy reads fetch at once
     * @param managed true if the store ends the transaction (inTransaction), false if the caller does
     */
    protected AbstractEventTransaction(int pageSize, boolean managed) {
        super(pageSize);
        this.managed = managed;
    }

    // ---------------------------------------------------------------- what a store implements

    /**
     * Appends inside the transaction; arguments are checked.
     *
     * @param streamId a valid stream id
     * @param expectedVersion not null
     * @param events checked events
     * @param condition the condition, or null
     * @return the result
     */
    protected abstract AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition);

    /**
     * Commits. On failure the store must have rolled back and released what it holds, then throw.
     *
     * @param appended true if the transaction appended events
     */
    protected abstract void doCommit(boolean appended);

    /**
     * Rolls back and releases what the transaction holds; must not throw for a lost connection (log
     * it instead: the database rolls back a transaction whose connection is gone).
     *
     * @param appended true if the transaction appended events
     */
    protected abstract void doRollback(boolean appended);

    // ---------------------------------------------------------------- the public API

    @Override
    public final AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
        List<EventData> checked = Appends.check(streamId, expectedVersion, events);
        checkOpen();
        return measuredAppend(streamId, expectedVersion, checked, null);
    }

    @Override
    public final AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        List<EventData> checked = Appends.check(streamId, expectedVersion, events);
        Args.notNull("condition", condition);
        checkOpen();
        return measuredAppend(streamId, expectedVersion, checked, condition);
    }

    private AppendResult measuredAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        MetricsListener listener = Metrics.guard(metricsListener());
        if (listener == MetricsListener.NONE) {
            AppendResult result = doAppend(streamId, expectedVersion, events, condition);
            appended = true;
            return result;
        }
        long start = System.nanoTime();
        AppendResult result;
        try {
            result = doAppend(streamId, expectedVersion, events, condition);
        } catch (RuntimeException e) {
            Metrics.appendFailed(listener, streamId, e, start);
            throw e;
        }
        appended = true;
        // Reported once the transaction commits: until then the events may still vanish.
        measured.add(new MeasuredAppend(streamId, events.size(), System.nanoTime() - start));
        return result;
    }

    /**
     * @return where this transaction's appends are reported once it commits: the store's listener
     *     ({@link AbstractEventStore#metricsListener()}); by default none
     */
    protected MetricsListener metricsListener() {
        return MetricsListener.NONE;
    }

    @Override
    public final void afterCommit(Runnable action) {
        Args.notNull("action", action);
        checkOpen();
        afterCommit.add(action);
    }

    @Override
    public final void commit() {
        if (managed) {
            throw new IllegalStateException("this transaction is committed by inTransaction when the work returns");
        }
        checkOpen();
        commitNow();
    }

    @Override
    public final void close() {
        if (managed) {
            throw new IllegalStateException("this transaction is ended by inTransaction");
        }
        if (ended) {
            return;
        }
        checkOwner();
        rollback();
    }

    /**
     * Commits and ends the transaction, then runs the after-commit actions; for the store.
     *
     * @throws RuntimeException what the commit threw; the transaction has then ended, rolled back
     */
    public final void commitNow() {
        ended = true;
        doCommit(appended);
        if (!measured.isEmpty()) {
            MetricsListener listener = Metrics.guard(metricsListener());
            for (MeasuredAppend append : measured) {
                listener.appended(append.streamId(), append.events(), Duration.ofNanos(append.nanos()));
            }
        }
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("An after-commit action failed; the transaction had committed", e);
            }
        }
    }

    /** Rolls back and ends the transaction; harmless once ended. For the store. */
    public final void rollback() {
        if (ended) {
            return;
        }
        ended = true;
        doRollback(appended);
    }

    /** @return true once the transaction has committed or rolled back */
    protected final boolean isEnded() {
        return ended;
    }

    /**
     * @throws IllegalStateException if the transaction has ended, or the calling thread is not the one
     *     that began it
     */
    @Override
    protected final void checkOpen() {
        checkOwner();
        if (ended) {
            throw new IllegalStateException("the transaction has ended; use it only while it is open");
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a transaction is used only by the thread that began it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
    }

    private record MeasuredAppend(String streamId, int events, long nanos) {
    }
}
