package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.AppendResult;
import dev.eventstore.Direction;
import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.StreamIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads: streams by version, the log and categories by position, what a recorded event holds, paging. */
public interface ReadContract extends StoreFixture {

    /** More than two default pages (500), and not a multiple of a page. */
    int MORE_THAN_TWO_PAGES = 1_200;

    // ---------------------------------------------------------------- streams

    @Test
    default void readStreamReturnsTheStreamsEventsOldestFirst() {
        String stream = newStream("account");
        List<EventData> events = events("A", 3);
        store().append(stream, ExpectedVersion.noStream(), events);
        appendEvents(newStream("account"), 2);
        List<RecordedEvent> read = readStream(stream);
        assertThat(ids(read)).isEqualTo(dataIds(events));
        assertThat(versions(read)).containsExactly(1L, 2L, 3L);
        assertThat(read).allSatisfy(e -> assertThat(e.streamId()).isEqualTo(stream));
        assertStrictlyIncreasingPositions(read);
    }

    @Test
    default void readStreamForwardFromAVersionStartsAtThatVersion() {
        String stream = newStream("account");
        appendEvents(stream, 5);
        assertThat(versions(store().readStream(stream, 3, Long.MAX_VALUE, Direction.FORWARD).toList()))
                .containsExactly(3L, 4L, 5L);
        assertThat(versions(store().readStream(stream, 5, Long.MAX_VALUE, Direction.FORWARD).toList()))
                .containsExactly(5L);
        assertThat(store().readStream(stream, 6, Long.MAX_VALUE, Direction.FORWARD).toList()).isEmpty();
    }

    @Test
    default void readStreamForwardFromZeroOrOneReadsFromTheStart() {
        String stream = newStream("account");
        appendEvents(stream, 3);
        assertThat(versions(store().readStream(stream, 0, Long.MAX_VALUE, Direction.FORWARD).toList()))
                .containsExactly(1L, 2L, 3L);
        assertThat(versions(store().readStream(stream, 1, Long.MAX_VALUE, Direction.FORWARD).toList()))
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    default void readStreamBackwardFromTheEndReturnsNewestFirst() {
        String stream = newStream("account");
        List<EventData> events = events("A", 4);
        store().append(stream, ExpectedVersion.noStream(), events);
        List<RecordedEvent> read = store().readStream(stream, Long.MAX_VALUE, Long.MAX_VALUE, Direction.BACKWARD)
                .toList();
        assertThat(versions(read)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ids(read)).containsExactly(events.get(3).id(), events.get(2).id(), events.get(1).id(),
                events.get(0).id());
    }

    @Test
    default void readStreamBackwardFromAVersionStartsAtThatVersion() {
        String stream = newStream("account");
        appendEvents(stream, 5);
        assertThat(versions(store().readStream(stream, 3, Long.MAX_VALUE, Direction.BACKWARD).toList()))
                .containsExactly(3L, 2L, 1L);
        assertThat(versions(store().readStream(stream, 9, Long.MAX_VALUE, Direction.BACKWARD).toList()))
                .containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(store().readStream(stream, 0, Long.MAX_VALUE, Direction.BACKWARD).toList()).isEmpty();
    }

    @Test
    default void readStreamReturnsAtMostMaxCountEvents() {
        String stream = newStream("account");
        appendEvents(stream, 5);
        assertThat(store().readStream(stream, 1, 0, Direction.FORWARD).toList()).isEmpty();
        assertThat(store().readStream(stream, Long.MAX_VALUE, 0, Direction.BACKWARD).toList()).isEmpty();
        assertThat(versions(store().readStream(stream, 1, 1, Direction.FORWARD).toList())).containsExactly(1L);
        assertThat(versions(store().readStream(stream, 2, 3, Direction.FORWARD).toList()))
                .containsExactly(2L, 3L, 4L);
        assertThat(versions(store().readStream(stream, 1, 5, Direction.FORWARD).toList()))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(versions(store().readStream(stream, 1, 50, Direction.FORWARD).toList()))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(versions(store().readStream(stream, Long.MAX_VALUE, 2, Direction.BACKWARD).toList()))
                .containsExactly(5L, 4L);
        assertThat(versions(store().readStream(stream, 4, 50, Direction.BACKWARD).toList()))
                .containsExactly(4L, 3L, 2L, 1L);
    }

    @Test
    default void readingAStreamThatDoesNotExistReturnsNothing() {
        appendEvents(newStream("account"), 2);
        String missing = newStream("account");
        assertThat(readStream(missing)).isEmpty();
        assertThat(store().readStream(missing, Long.MAX_VALUE, Long.MAX_VALUE, Direction.BACKWARD).toList())
                .isEmpty();
        assertThat(store().read(EventFilter.stream(missing), 0, Long.MAX_VALUE).toList()).isEmpty();
        assertThat(store().streamVersion(missing)).isZero();
    }

    @Test
    default void streamVersionIsTheNumberOfEventsInTheStream() {
        String stream = newStream("account");
        assertThat(store().streamVersion(stream)).isZero();
        appendEvents(stream, 3);
        assertThat(store().streamVersion(stream)).isEqualTo(3);
        appendEvents(newStream("account"), 4);
        appendEvents(stream, 2);
        assertThat(store().streamVersion(stream)).isEqualTo(5);
    }

    @Test
    default void readByStreamFilterReturnsOnlyThatStreamInPositionOrder() {
        String stream = newStream("account");
        String other = newStream("account");
        appendEvents(stream, 2);
        appendEvents(other, 2);
        appendEvents(stream, 2);
        List<RecordedEvent> read = store().read(EventFilter.stream(stream), 0, Long.MAX_VALUE).toList();
        assertThat(ids(read)).isEqualTo(ids(readStream(stream)));
        assertThat(versions(read)).containsExactly(1L, 2L, 3L, 4L);
    }

    // ---------------------------------------------------------------- the global log

    @Test
    default void readAllReturnsEveryEventInPositionOrder() {
        List<UUID> appended = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<EventData> events = events("A", 2);
            store().append(newStream(i % 2 == 0 ? "account" : "order"), ExpectedVersion.any(), events);
            appended.addAll(dataIds(events));
        }
        List<RecordedEvent> log = readAll();
        assertThat(ids(log)).isEqualTo(appended);
        assertStrictlyIncreasingPositions(log);
    }

    @Test
    default void readAllOnAnEmptyStoreReturnsNothing() {
        assertThat(readAll()).isEmpty();
        assertThat(store().readAll(5, 10).toList()).isEmpty();
    }

    @Test
    default void readAllReturnsOnlyEventsAfterThePositionUpToTheLimit() {
        appendEvents(newStream("account"), 6);
        List<RecordedEvent> log = readAll();

        List<RecordedEvent> page = store().readAll(log.get(1).position(), 2).toList();
        assertThat(ids(page)).isEqualTo(ids(log.subList(2, 4)));

        assertThat(ids(store().readAll(log.get(3).position(), Long.MAX_VALUE).toList()))
                .isEqualTo(ids(log.subList(4, 6)));
        assertThat(ids(store().readAll(log.get(3).position(), 100).toList())).isEqualTo(ids(log.subList(4, 6)));
        assertThat(store().readAll(log.get(5).position(), 100).toList()).isEmpty();
        assertThat(store().readAll(0, 0).toList()).isEmpty();
        assertThat(ids(store().readAll(0, 1).toList())).containsExactly(log.get(0).id());
    }

    @Test
    default void readAllAfterAPositionInAHoleStartsAtTheNextEvent() {
        appendEvents(newStream("account"), 3);
        List<RecordedEvent> log = readAll();
        // Whether or not the store leaves holes, every position between two events reads the same.
        long between = log.get(0).position() + (log.get(1).position() - log.get(0).position()) / 2;
        assertThat(ids(store().readAll(between, 10).toList())).isEqualTo(ids(log.subList(1, 3)));
    }

    @Test
    default void headPositionIsZeroOnAnEmptyStore() {
        assertThat(store().headPosition()).isZero();
    }

    @Test
    default void headPositionIsThePositionOfTheLastEventAppended() {
        AppendResult first = appendEvents(newStream("account"), 3);
        assertThat(store().headPosition()).isEqualTo(first.lastPosition());
        AppendResult second = appendEvents(newStream("order"), 2);
        assertThat(store().headPosition()).isEqualTo(second.lastPosition());
        List<RecordedEvent> log = readAll();
        assertThat(store().headPosition()).isEqualTo(log.get(log.size() - 1).position());
    }

    // ---------------------------------------------------------------- categories

    @Test
    default void readCategoryReturnsEveryStreamWhoseIdStartsWithTheCategoryAndADash() {
        append("account-1", event("A"));
        append("accounts-1", event("B"));
        append("account-2-x", event("C"));
        append("order-1", event("D"));
        append("account", event("E"));
        append("acc-1", event("F"));
        append("account-1", event("G"));

        List<RecordedEvent> read = store().readCategory("account", 0, Long.MAX_VALUE).toList();
        assertThat(read).extracting(RecordedEvent::type).containsExactly("A", "C", "E", "G");
        assertThat(read).extracting(RecordedEvent::streamId)
                .containsExactly("account-1", "account-2-x", "account", "account-1");
        assertThat(read).allSatisfy(e -> assertThat(e.category()).isEqualTo("account"));
        assertStrictlyIncreasingPositions(read);

        assertThat(store().readCategory("accounts", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("B");
        assertThat(store().readCategory("acc", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("F");
        assertThat(store().readCategory("accoun", 0, Long.MAX_VALUE).toList()).isEmpty();
        assertThat(store().readCategory("nothing", 0, Long.MAX_VALUE).toList()).isEmpty();
    }

    @Test
    default void anIdWithoutADashIsItsOwnCategory() {
        append("inventory", event("A"));
        append("inventory-7", event("B"));
        assertThat(StreamIds.category("inventory")).isEqualTo("inventory");
        assertThat(store().readCategory("inventory", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("A", "B");
    }

    @Test
    default void categoryNamesAreMatchedLiterallyNotAsPatterns() {
        append("account-1", event("A"));
        append("a_c-1", event("B"));
        append("a%-1", event("C"));
        append("a\\b-1", event("D"));
        assertThat(store().readCategory("accoun_", 0, Long.MAX_VALUE).toList()).isEmpty();
        assertThat(store().readCategory("acc%", 0, Long.MAX_VALUE).toList()).isEmpty();
        assertThat(store().readCategory("a%", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("C");
        assertThat(store().readCategory("a_c", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("B");
        assertThat(store().readCategory("a\\b", 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("D");
        assertThat(store().readCategory("ACCOUNT", 0, Long.MAX_VALUE).toList()).isEmpty();
    }

    @Test
    default void readCategoryReturnsOnlyEventsAfterThePositionUpToTheLimit() {
        String a = newStream("account");
        String b = newStream("account");
        appendEvents(a, 2);
        appendEvents(newStream("order"), 2);
        appendEvents(b, 3);
        List<RecordedEvent> all = store().readCategory("account", 0, Long.MAX_VALUE).toList();
        assertThat(all).hasSize(5);

        assertThat(ids(store().readCategory("account", all.get(1).position(), 2).toList()))
                .isEqualTo(ids(all.subList(2, 4)));
        assertThat(store().readCategory("account", all.get(4).position(), 10).toList()).isEmpty();
        assertThat(store().readCategory("account", 0, 0).toList()).isEmpty();
    }

    // ---------------------------------------------------------------- what comes back

    @Test
    default void aRecordedEventHoldsEverythingThatWasAppended() {
        String stream = newStream("account");
        UUID id = UUID.randomUUID();
        String data = "{ \"amount\": 12.5, \"currency\" : \"EUR\", \"items\": [1, 2, {\"x\": null}], "
                + "\"nested\": {\"b\": true, \"a\": \"caf\u00e9 \u20ac \\\"quoted\\\" \\n line\"} }";
        String metadata = "{\"correlationId\":\"c-1\", \"causationId\":\"c-0\", \"user\": {\"id\": 7}}";
        EventData event = new EventData(id, "MoneyDeposited", data, metadata,
                Set.of("account:42", "currency:EUR", "z-last"));
        Instant before = Instant.now();
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), List.of(event));
        Instant after = Instant.now();

        RecordedEvent recorded = readStream(stream).get(0);
        assertThat(recorded.id()).isEqualTo(id);
        assertThat(recorded.streamId()).isEqualTo(stream);
        assertThat(recorded.version()).isEqualTo(1);
        assertThat(recorded.position()).isEqualTo(result.lastPosition());
        assertThat(recorded.type()).isEqualTo("MoneyDeposited");
        assertThat(json(recorded.data())).isEqualTo(json(data));
        assertThat(json(recorded.metadata())).isEqualTo(json(metadata));
        assertThat(recorded.tags()).containsExactly("account:42", "currency:EUR", "z-last");
        assertThat(recorded.category()).isEqualTo("account");
        assertPlausible(recorded.recordedAt(), before, after);

        RecordedEvent fromLog = readAll().get(0);
        assertThat(fromLog.id()).isEqualTo(id);
        assertThat(fromLog.streamId()).isEqualTo(stream);
        assertThat(fromLog.position()).isEqualTo(recorded.position());
        assertThat(json(fromLog.data())).isEqualTo(json(data));
        assertThat(json(fromLog.metadata())).isEqualTo(json(metadata));
        assertThat(fromLog.tags()).isEqualTo(recorded.tags());
        assertThat(fromLog.recordedAt()).isNotNull();
    }

    @Test
    default void anyJsonValueRoundTripsAsData() {
        String stream = newStream("account");
        List<String> values = List.of("\"just a string\"", "42", "-1.5", "true", "false", "null", "[]", "{}",
                "[1,\"two\",[3],{\"four\":4}]", "{\"big\":12345678901234567890,\"unicode\":\"\\u00e9\u65e5\u672c\"}",
                "{\"emoji\":\"\ud83d\ude00\",\"escaped\":\"tab\\tquote\\\"backslash\\\\\"}");
        List<EventData> events = values.stream().map(v -> EventData.of("Value", v)).toList();
        store().append(stream, ExpectedVersion.noStream(), events);
        List<RecordedEvent> read = readStream(stream);
        for (int i = 0; i < values.size(); i++) {
            assertThat(json(read.get(i).data())).as("data %s", values.get(i)).isEqualTo(json(values.get(i)));
            assertThat(json(read.get(i).metadata())).isEqualTo(json("{}"));
        }
    }

    /**
     * Every {@code EventData} that can be built is one every store accepts, so a store that keeps JSON
     * in a type that refuses some valid JSON (PostgreSQL's {@code jsonb} refuses an escaped NUL character) must
     * keep such payloads some other way.
     */
    @Test
    default void jsonWithEscapedControlCharactersRoundTrips() {
        String stream = newStream("account");
        String data = "{\"soh\":\"a\\u0001b\",\"bell\":\"\\u0007\",\"nl\":\"x\\ny\",\"pair\":\"\\uD83D\\uDE00\"}";
        String metadata = "{\"note\":\"\\u001f\"}";
        append(stream, EventData.of("Binaryish", data).withMetadata(metadata));
        RecordedEvent read = readStream(stream).get(0);
        assertThat(json(read.data())).isEqualTo(json(data));
        assertThat(json(read.data()).get("soh").asText()).isEqualTo("a\u0001b");
        assertThat(json(read.data()).get("pair").asText()).isEqualTo("\uD83D\uDE00");
        assertThat(json(read.metadata())).isEqualTo(json(metadata));
    }

    @Test
    default void theLargestAndSmallestNumbersAcceptedComeBackAsTheSameNumbers() throws Exception {
        String stream = newStream("account");
        String data = "{\"big\":1e800,\"tiny\":-2.5E-800,\"money\":0.10,\"long\":" + "9".repeat(900) + "}";
        append(stream, EventData.of("Extreme", data));
        com.fasterxml.jackson.databind.ObjectMapper exact = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        com.fasterxml.jackson.databind.JsonNode read = exact.readTree(readStream(stream).get(0).data());
        com.fasterxml.jackson.databind.JsonNode written = exact.readTree(data);
        for (String field : List.of("big", "tiny", "money", "long")) {
            assertThat(read.get(field).decimalValue()).as(field).isEqualByComparingTo(written.get(field).decimalValue());
        }
    }

    @Test
    default void jsonThatNotEveryStoreCanKeepIsRefusedBeforeAnyStoreSeesIt() {
        // PostgreSQL's jsonb cannot hold NUL, and a lone surrogate is no Unicode text: refused
        // everywhere, so that an event one store accepts is one every store accepts.
        assertThatThrownBy(() -> EventData.of("Binaryish", "{\"nul\":\"a\\u0000b\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data")
                .hasMessageContaining("u0000");
        assertThatThrownBy(() -> EventData.of("Binaryish", "{\"half\":\"\\uD83D\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
        // PostgreSQL's jsonb keeps only the last of two equal names, and writes numbers out in full,
        // longer than Jackson reads.
        assertThatThrownBy(() -> EventData.of("Twice", "{\"a\":1,\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> EventData.of("Huge", "{\"x\":1e1000000}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exponent");
        assertThat(store().headPosition()).isZero();
    }

    @Test
    default void eventsWithoutTagsComeBackWithAnEmptySet() {
        String stream = newStream("account");
        append(stream, event("A"));
        assertThat(readStream(stream).get(0).tags()).isEmpty();
    }

    @Test
    default void recordedAtIsPlausibleSharedByOneAppendAndDoesNotGoBackwards() {
        String stream = newStream("account");
        Instant before = Instant.now();
        appendEvents(stream, 2);
        appendEvents(stream, 2);
        Instant after = Instant.now();
        List<RecordedEvent> read = readStream(stream);
        for (RecordedEvent e : read) {
            assertPlausible(e.recordedAt(), before, after);
        }
        assertThat(read.get(1).recordedAt()).as("the events of one append").isEqualTo(read.get(0).recordedAt());
        assertThat(read.get(3).recordedAt()).as("the events of one append").isEqualTo(read.get(2).recordedAt());
        assertThat(read.get(2).recordedAt()).as("a later append").isAfterOrEqualTo(read.get(1).recordedAt());
    }

    @Test
    default void theLargestValidValuesRoundTrip() {
        String stream = "s-" + "x".repeat(StreamIds.MAX_LENGTH - 2);
        String type = "T".repeat(EventData.MAX_TYPE_LENGTH);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < EventData.MAX_TAGS; i++) {
            tags.add(String.format("%03d", i) + "t".repeat(EventData.MAX_TAG_LENGTH - 3));
        }
        String bigData = "{\"text\":\"" + "d".repeat(200_000) + "\"}";
        EventData event = EventData.of(type, bigData).withTags(tags);
        store().append(stream, ExpectedVersion.noStream(), List.of(event));

        RecordedEvent read = readStream(stream).get(0);
        assertThat(read.streamId()).isEqualTo(stream);
        assertThat(read.type()).isEqualTo(type);
        assertThat(read.tags()).containsExactlyElementsOf(tags);
        assertThat(json(read.data())).isEqualTo(json(bigData));
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    @Test
    default void streamIdsAreDataNeverCode() {
        List<String> odd = List.of("x'); drop table events; --", "x\"; delete from events; --", "account-\u00e9\u65e5",
                "with space-1", "100%_sure-\\", "emoji-\ud83d\ude00", "semi;colon-1", "'");
        for (String stream : odd) {
            store().append(stream, ExpectedVersion.noStream(), List.of(event("Odd")));
        }
        for (String stream : odd) {
            assertThat(readStream(stream)).as(stream).singleElement()
                    .satisfies(e -> assertThat(e.streamId()).isEqualTo(stream));
            assertThat(store().streamVersion(stream)).as(stream).isEqualTo(1);
            assertThat(store().read(EventFilter.stream(stream), 0, 10).toList()).as(stream).hasSize(1);
        }
        assertThat(readAll()).extracting(RecordedEvent::streamId).containsExactlyElementsOf(odd);
        assertThat(store().readCategory("x'); drop table events; ", 0, 10).toList()).hasSize(1);
        store().append(odd.get(0), ExpectedVersion.exactly(1), List.of(event("Again")));
        assertThat(store().streamVersion(odd.get(0))).isEqualTo(2);
    }

    @Test
    default void typesAndTagsAreDataNeverCode() {
        String stream = newStream("account");
        EventData event = EventData.of("Type'); drop table events; --", "{\"x\":\"'); drop table events; --\"}")
                .withTags("tag'); drop table events; --", "a%", "b_");
        append(stream, event);
        RecordedEvent read = readStream(stream).get(0);
        assertThat(read.type()).isEqualTo("Type'); drop table events; --");
        assertThat(read.tags()).containsExactly("a%", "b_", "tag'); drop table events; --");
        assertThat(json(read.data())).isEqualTo(json("{\"x\":\"'); drop table events; --\"}"));
    }

    // ---------------------------------------------------------------- paging

    @Test
    default void readsLargerThanAPageComeBackCompleteAndInOrder() {
        String stream = newStream("account");
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < MORE_THAN_TWO_PAGES; i++) {
            events.add(i % 3 == 0 ? tagged("Third", "every:third") : event("Other"));
        }
        store().append(stream, ExpectedVersion.noStream(), events);
        appendEvents(newStream("order"), 3);
        List<UUID> expected = dataIds(events);

        List<RecordedEvent> forward = readStream(stream);
        assertThat(ids(forward)).isEqualTo(expected);
        assertThat(versions(forward)).isEqualTo(sequence(1, MORE_THAN_TWO_PAGES));

        List<RecordedEvent> backward = store().readStream(stream, Long.MAX_VALUE, Long.MAX_VALUE,
                Direction.BACKWARD).toList();
        assertThat(versions(backward)).isEqualTo(reversed(sequence(1, MORE_THAN_TWO_PAGES)));

        List<RecordedEvent> log = readAll();
        assertThat(log).hasSize(MORE_THAN_TWO_PAGES + 3);
        assertThat(ids(log.subList(0, MORE_THAN_TWO_PAGES))).isEqualTo(expected);
        assertStrictlyIncreasingPositions(log);

        assertThat(ids(store().readCategory("account", 0, Long.MAX_VALUE).toList())).isEqualTo(expected);
        assertThat(ids(store().read(EventFilter.stream(stream), 0, Long.MAX_VALUE).toList())).isEqualTo(expected);

        List<RecordedEvent> thirds = store().read(dev.eventstore.Query.of(dev.eventstore.QueryItem.tags(
                "every:third")), 0, Long.MAX_VALUE).toList();
        assertThat(thirds).hasSize(MORE_THAN_TWO_PAGES / 3);
        assertThat(versions(thirds)).allSatisfy(v -> assertThat((v - 1) % 3).isZero());
        assertStrictlyIncreasingPositions(thirds);
    }

    @Test
    default void readsOfExactlyTwoPagesComeBackComplete() {
        String stream = newStream("account");
        appendEvents(stream, 1_000);
        assertThat(versions(readStream(stream))).isEqualTo(sequence(1, 1_000));
        assertThat(readAll()).hasSize(1_000);
        assertThat(store().readStream(stream, 1_000, Long.MAX_VALUE, Direction.BACKWARD).count()).isEqualTo(1_000);
    }

    @Test
    default void maxCountsAroundThePageSizeAreHonoured() {
        String stream = newStream("account");
        appendEvents(stream, MORE_THAN_TWO_PAGES);
        for (long max : new long[] {499, 500, 501, 999, 1_000, 1_001, MORE_THAN_TWO_PAGES}) {
            assertThat(store().readStream(stream, 1, max, Direction.FORWARD).toList()).as("max %d", max)
                    .hasSize((int) max);
            assertThat(store().readAll(0, max).toList()).as("max %d", max).hasSize((int) max);
        }
        List<RecordedEvent> log = readAll();
        List<RecordedEvent> tail = store().readAll(log.get(599).position(), 550).toList();
        assertThat(ids(tail)).isEqualTo(ids(log.subList(600, 1_150)));
        List<RecordedEvent> middle = store().readStream(stream, 700, 600, Direction.BACKWARD).toList();
        assertThat(versions(middle)).isEqualTo(reversed(sequence(101, 700)));
    }

    @Test
    default void aShortenedReadReturnsOnlyWhatWasTaken() {
        appendEvents(newStream("account"), MORE_THAN_TWO_PAGES);
        List<RecordedEvent> firstThree = store().readAll(0, Long.MAX_VALUE).limit(3).toList();
        assertThat(firstThree).hasSize(3);
        assertThat(ids(firstThree)).isEqualTo(ids(store().readAll(0, 3).toList()));
        assertThat(versions(firstThree)).containsExactly(1L, 2L, 3L);

        Iterator<RecordedEvent> iterator = store().readStream(newStream("none")).iterator();
        assertThat(iterator.hasNext()).isFalse();
    }

    @Test
    default void aReadSeesEventsAppendedBeforeItIsConsumed() {
        String stream = newStream("account");
        appendEvents(stream, 2);
        Stream<RecordedEvent> log = store().readAll(0, Long.MAX_VALUE);
        Stream<RecordedEvent> events = store().readStream(stream);
        appendEvents(stream, 3);
        // Reads are lazy: nothing is fetched until the stream is consumed.
        assertThat(log.toList()).hasSize(5);
        assertThat(events.toList()).hasSize(5);
    }

    @Test
    default void appendsDuringALongReadNeitherSkipNorRepeatAnEvent() {
        String stream = newStream("account");
        appendEvents(stream, MORE_THAN_TWO_PAGES);
        List<RecordedEvent> before = readAll();
        Iterator<RecordedEvent> reading = store().readAll(0, Long.MAX_VALUE).iterator();
        List<RecordedEvent> seen = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            seen.add(reading.next());
        }
        appendEvents(newStream("order"), 100);
        reading.forEachRemaining(seen::add);
        // Whatever the page size, the read is a gap-free prefix of the log as it is now.
        assertThat(seen.size()).isBetween(MORE_THAN_TWO_PAGES, MORE_THAN_TWO_PAGES + 100);
        assertThat(ids(seen.subList(0, MORE_THAN_TWO_PAGES))).isEqualTo(ids(before));
        assertThat(ids(seen)).isEqualTo(ids(readAll().subList(0, seen.size())));
    }

    @Test
    default void streamIdsAreCaseAndWhiteSpaceSensitive() {
        List<String> distinct = List.of("account-1", "Account-1", "ACCOUNT-1", "account-1 ", " account-1");
        for (String stream : distinct) {
            store().append(stream, ExpectedVersion.noStream(), List.of(event("A")));
        }
        for (String stream : distinct) {
            assertThat(readStream(stream)).as("'%s'", stream).singleElement()
                    .satisfies(e -> assertThat(e.streamId()).isEqualTo(stream));
        }
        assertThat(store().readCategory("account", 0, 10).toList()).extracting(RecordedEvent::streamId)
                .containsExactly("account-1", "account-1 ");
    }

    private static List<Long> sequence(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            out.add(v);
        }
        return out;
    }

    private static List<Long> reversed(List<Long> values) {
        List<Long> out = new ArrayList<>(values);
        java.util.Collections.reverse(out);
        return out;
    }

    private static void assertPlausible(Instant recordedAt, Instant before, Instant after) {
        // The store's clock may be another machine's: allow some skew, but not a wrong epoch or zone.
        Duration skew = Duration.ofMinutes(5);
        assertThat(recordedAt).isNotNull();
        assertThat(recordedAt).isBetween(before.minus(skew), after.plus(skew));
    }
}
