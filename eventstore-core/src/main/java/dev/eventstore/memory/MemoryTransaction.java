package dev.eventstore.memory;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.metrics.MetricsListener;
import dev.eventstore.spi.AbstractEventTransaction;
import dev.eventstore.spi.Appends;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A transaction of an {@link InMemoryEventStore}. It holds the store's write lock from its start to its
 * end, so nobody else sees or changes the log meanwhile: its appends go straight into the log and are
 * taken out again if it rolls back. Writes of the in-memory checkpoint, snapshot and deadline stores
 * joined to it are kept aside ({@link #joined}) and applied when it commits.
 */
final class MemoryTransaction extends AbstractEventTransaction {

    /** Writes kept aside until the transaction commits. */
    interface Pending {
        /** Applies the writes; called while the transaction still holds the store's lock. */
        void apply();
    }

    private final InMemoryEventStore store;
    private final InMemoryEventStore.Log log;
    private final List<RecordedEvent> written = new ArrayList<>();
    private final Map<Object, Pending> pending = new IdentityHashMap<>();

    MemoryTransaction(InMemoryEventStore store, boolean managed) {
        super(InMemoryEventStore.DEFAULT_PAGE_SIZE, managed);
        this.store = store;
        this.log = store.log();
    }

    /**
     * The writes one store keeps aside in this transaction, made on first use.
     *
     * @param owner the store whose writes they are
     * @param create makes them
     * @param <P> their type
     * @return the same object for the same owner, for the life of the transaction
     */
    @SuppressWarnings("unchecked")
    <P extends Pending> P joined(Object owner, Supplier<P> create) {
        checkOpen();
        return (P) pending.computeIfAbsent(owner, o -> create.get());
    }

    @Override
    protected MetricsListener metricsListener() {
        return store.metricsListener();
    }

    /** @throws IllegalStateException if the transaction has ended or another thread calls */
    void checkUsable() {
        checkOpen();
    }

    @Override
    protected AppendResult doAppend(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        Appends.Outcome outcome = log.append(streamId, expectedVersion, events, condition, store.clock().instant());
        written.addAll(outcome.written());
        return outcome.result();
    }

    @Override
    protected void doCommit(boolean appended) {
        try {
            for (Pending writes : pending.values()) {
                writes.apply();
            }
        } finally {
            store.ended(this, !written.isEmpty());
        }
    }

    @Override
    protected void doRollback(boolean appended) {
        try {
            log.removeNewest(written);
        } finally {
            store.ended(this, false);
        }
    }

    @Override
    protected List<RecordedEvent> doReadStream(String streamId, long fromVersion, int limit, Direction direction) {
        return log.readStream(streamId, fromVersion, limit, direction);
    }

    @Override
    protected List<RecordedEvent> doReadAll(long afterPosition, int limit) {
        return log.readAll(afterPosition, limit);
    }

    @Override
    protected List<RecordedEvent> doReadCategory(String category, long afterPosition, int limit) {
        return log.readCategory(category, afterPosition, limit);
    }

    @Override
    protected List<RecordedEvent> doReadStreamAfter(String streamId, long afterPosition, int limit) {
        return log.readStreamAfter(streamId, afterPosition, limit);
    }

    @Override
    protected List<RecordedEvent> doReadQuery(Query query, long afterPosition, int limit) {
        return log.matching(query, afterPosition, limit);
    }

    @Override
    protected List<RecordedEvent> doReadBackward(Query query, long beforePosition, int limit) {
        return log.matchingBackward(query, beforePosition, limit);
    }

    @Override
    protected Optional<RecordedEvent> doReadEvent(UUID eventId) {
        return log.readEvent(eventId);
    }

    @Override
    protected long doStreamVersion(String streamId) {
        return log.streamVersion(streamId);
    }

    @Override
    protected long doHeadPosition() {
        return log.headPosition();
    }
}
