package dev.eventstore.http;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventHandler;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.RecordedEvent;
import dev.eventstore.Subscription;
import dev.eventstore.SubscriptionOptions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real store that counts the log reads made through it: to show that a waiting feed request does not
 * read. Subscriptions go to the store itself, and their reads are not counted.
 */
final class CountingReads implements EventStore {

    private final EventStore store;
    private final AtomicInteger reads = new AtomicInteger();

    CountingReads(EventStore store) {
        this.store = store;
    }

    int reads() {
        return reads.get();
    }

    @Override
    public Stream<RecordedEvent> read(EventFilter filter, long afterPosition, long maxCount) {
        reads.incrementAndGet();
        return store.read(filter, afterPosition, maxCount);
    }

    @Override
    public Stream<RecordedEvent> readStream(String streamId, long fromVersion, long maxCount, Direction direction) {
        return store.readStream(streamId, fromVersion, maxCount, direction);
    }

    @Override
    public Stream<RecordedEvent> readBackward(Query query, long beforePosition, long maxCount) {
        reads.incrementAndGet();
        return store.readBackward(query, beforePosition, maxCount);
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        return store.readEvent(eventId);
    }

    @Override
    public long streamVersion(String streamId) {
        return store.streamVersion(streamId);
    }

    @Override
    public long headPosition() {
        return store.headPosition();
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
        return store.append(streamId, expectedVersion, events);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        return store.append(streamId, expectedVersion, events, condition);
    }

    @Override
    public Subscription subscribe(SubscriptionOptions options, EventHandler handler) {
        return store.subscribe(options, handler);
    }

    @Override
    public Subscription subscribeBatches(SubscriptionOptions options, EventBatchHandler handler) {
        return store.subscribeBatches(options, handler);
    }

    @Override
    public void close() {
        store.close();
    }
}
