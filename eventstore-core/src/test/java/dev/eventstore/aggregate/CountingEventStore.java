package dev.eventstore.aggregate;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An {@link EventStore} that delegates everything and records each {@code readStream} call: where it
 * started and how many events the caller actually consumed. For asserting what a load reads.
 */
final class CountingEventStore implements EventStore {

    /** One {@code readStream} call. */
    record Read(String streamId, long fromVersion, long maxCount, Direction direction, AtomicLong yielded) {
        long count() {
            return yielded.get();
        }
    }

    private final EventStore delegate;
    private final List<Read> reads = new CopyOnWriteArrayList<>();

    CountingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    /** @return the readStream calls so far */
    List<Read> reads() {
        return List.copyOf(reads);
    }

    /** @return the total number of events consumed from readStream calls */
    long eventsRead() {
        return reads.stream().mapToLong(Read::count).sum();
    }

    void reset() {
        reads.clear();
    }

    @Override
    public java.util.Optional<RecordedEvent> readEvent(java.util.UUID eventId) {
        return delegate.readEvent(eventId);
    }

    @Override
    public Stream<RecordedEvent> readStream(String streamId, long fromVersion, long maxCount, Direction direction) {
        Read read = new Read(streamId, fromVersion, maxCount, direction, new AtomicLong());
        reads.add(read);
        return delegate.readStream(streamId, fromVersion, maxCount, direction)
                .peek(event -> read.yielded().incrementAndGet());
    }

    @Override
    public Stream<RecordedEvent> read(EventFilter filter, long afterPosition, long maxCount) {
        return delegate.read(filter, afterPosition, maxCount);
    }

    @Override
    public Stream<RecordedEvent> readBackward(Query query, long beforePosition, long maxCount) {
        return delegate.readBackward(query, beforePosition, maxCount);
    }

    @Override
    public long streamVersion(String streamId) {
        return delegate.streamVersion(streamId);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events) {
        return delegate.append(streamId, expectedVersion, events);
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expectedVersion, List<EventData> events,
            AppendCondition condition) {
        return delegate.append(streamId, expectedVersion, events, condition);
    }

    @Override
    public Subscription subscribe(SubscriptionOptions options, EventHandler handler) {
        return delegate.subscribe(options, handler);
    }

    @Override
    public Subscription subscribeBatches(SubscriptionOptions options, EventBatchHandler handler) {
        return delegate.subscribeBatches(options, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
