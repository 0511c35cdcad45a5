package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What every contract interface needs: the store under test, fresh and empty for each test, and a
 * few helpers to build events and to look at the whole store. {@link EventStoreContract} implements
 * it; backends extend that class.
 *
 * <p>The helpers assume no more than the contract promises: positions only grow (they may have holes
 * and be large), JSON comes back as the same value but maybe not the same text, and
 * {@code recordedAt} is only known to be plausible.
 */
public interface StoreFixture {

    /** @return the store under test: empty at the start of each test */
    EventStore store();

    /** A counter that makes stream ids unique within a test run. */
    AtomicLong UNIQUE = new AtomicLong();

    /** Compares JSON as values, not as text: a store may reformat it. */
    ObjectMapper JSON = new ObjectMapper();

    /** The longest any test waits for something that should happen at once. */
    Duration TIMEOUT = Duration.ofSeconds(10);

    /** A retry policy quick enough for tests: 3 attempts, 10 ms then 20 ms apart. */
    RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

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
     * @param type the event type
     * @param count how many
     * @return {@code count} fresh events of {@code type}
     */
    default List<EventData> events(String type, int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(type));
        }
        return events;
    }

    /**
     * @param streamId the stream
     * @param count how many events
     * @return the result of appending {@code count} events of type {@code Counted} in one call
     */
    default AppendResult appendEvents(String streamId, int count) {
        return store().append(streamId, ExpectedVersion.any(), events("Counted", count));
    }

    /**
     * @param streamId the stream
     * @param events the events
     * @return the result of appending them with {@link ExpectedVersion#any()}
     */
    default AppendResult append(String streamId, EventData... events) {
        return store().append(streamId, ExpectedVersion.any(), List.of(events));
    }

    /** @return the whole global log, in position order */
    default List<RecordedEvent> readAll() {
        return store().readAll(0, Long.MAX_VALUE).toList();
    }

    /**
     * @param streamId the stream
     * @return the whole stream, oldest first
     */
    default List<RecordedEvent> readStream(String streamId) {
        return store().readStream(streamId).toList();
    }

    /**
     * @param events recorded events
     * @return their ids, in order
     */
    default List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::id).toList();
    }

    /**
     * @param events events to append
     * @return their ids, in order
     */
    default List<UUID> dataIds(List<EventData> events) {
        return events.stream().map(EventData::id).toList();
    }

    /**
     * @param events recorded events
     * @return their versions, in order
     */
    default List<Long> versions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::version).toList();
    }

    /**
     * @param events recorded events
     * @return their positions, in order
     */
    default List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }

    /**
     * Asserts that positions grow strictly; they may have holes.
     *
     * @param events recorded events
     */
    default void assertStrictlyIncreasingPositions(List<RecordedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).position() <= events.get(i - 1).position()) {
                fail("positions must grow strictly, but " + events.get(i - 1) + " is followed by " + events.get(i));
            }
        }
    }

    /**
     * @param text JSON text
     * @return its value, for comparing JSON regardless of formatting and key order
     */
    default JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** What the store holds, to check that a failed call left it exactly as it was. */
    record StoreState(long headPosition, List<RecordedEvent> log) {
    }

    /** @return the head position and the whole log, now */
    default StoreState storeState() {
        return new StoreState(store().headPosition(), readAll());
    }

    /**
     * Asserts that the store still holds exactly what it held, and that the given stream still has the
     * given version.
     *
     * @param before what it held
     * @param streamId a stream a failed append targeted
     * @param version the version that stream had before
     */
    default void assertUnchanged(StoreState before, String streamId, long version) {
        assertThat(store().headPosition()).as("head position after a failed call").isEqualTo(before.headPosition());
        List<RecordedEvent> log = readAll();
        assertThat(ids(log)).as("the global log after a failed call").isEqualTo(ids(before.log()));
        assertThat(positions(log)).as("positions after a failed call").isEqualTo(positions(before.log()));
        assertThat(store().streamVersion(streamId)).as("version of " + streamId + " after a failed call")
                .isEqualTo(version);
        assertThat(readStream(streamId)).as("stream " + streamId + " after a failed call").hasSize((int) version);
    }

    /**
     * Waits until {@code condition} holds, polling briefly.
     *
     * @param what the condition, for the failure message
     * @param condition the condition
     */
    default void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT + " waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
