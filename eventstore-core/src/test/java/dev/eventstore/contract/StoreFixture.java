package dev.eventstore.contract;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.AppendResult;
import dev.eventstore.RecordedEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every contract interface needs: the store under test, fresh and empty for each test, and a
 * few helpers to build events. {@link EventStoreContract} implements it; backends extend that class.
 */
public interface StoreFixture {

    /** @return the store under test: empty at the start of each test */
    EventStore store();

    /** A counter that makes stream ids unique within a test run. */
    AtomicLong UNIQUE = new AtomicLong();

    /**
     * @param category the category
     * @return a stream id in {@code category} that no other test uses
     */
    default String newStream(String category) {
        return category + "-" + UNIQUE.incrementAndGet();
    }

    /**
     * @param type the event type
     * @return an event of {@code type} whose data names a fresh sequence number
     */
    default EventData event(String type) {
        return EventData.of(type, "{\"n\":" + UNIQUE.incrementAndGet() + "}");
    }

    /**
     * @param type the event type
     * @param tags the tags
     * @return an event of {@code type} carrying {@code tags}
     */
    default EventData tagged(String type, String... tags) {
        return event(type).withTags(tags);
    }

    /**
     * @param streamId the stream
     * @param count how many events
     * @return the result of appending {@code count} events of type {@code Counted} in one call
     */
    default AppendResult appendEvents(String streamId, int count) {
        List<EventData> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event("Counted"));
        }
        return store().append(streamId, ExpectedVersion.any(), events);
    }

    /**
     * @param events recorded events
     * @return their ids, in order
     */
    default List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::id).toList();
    }
}
