package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads by {@link Query}: an item matches any of its types and all of its tags; items are OR-ed;
 * queries span streams; results come in position order, each event once. Backward reads
 * ({@code readBackward}, {@code readLast}) return the same events newest first.
 */
public interface QueryContract extends StoreFixture {

    /**
     * Appends a small log over several streams and returns its events, in position order:
     * <pre>
     * 0 course-1   CourseDefined     course:c1
     * 1 course-2   CourseDefined     course:c2
     * 2 student-1  StudentSubscribed course:c1 student:s1
     * 3 student-2  StudentSubscribed course:c1 student:s2
     * 4 student-1  StudentSubscribed course:c2 student:s1
     * 5 course-1   CourseRenamed     course:c1
     * 6 student-2  StudentLeft       course:c1 student:s2
     * 7 other-1    Unrelated         (no tags)
     * </pre>
     */
    private List<RecordedEvent> courses() {
        append("course-1", tagged("CourseDefined", "course:c1"));
        append("course-2", tagged("CourseDefined", "course:c2"));
        append("student-1", tagged("StudentSubscribed", "course:c1", "student:s1"));
        append("student-2", tagged("StudentSubscribed", "course:c1", "student:s2"));
        append("student-1", tagged("StudentSubscribed", "course:c2", "student:s1"));
        append("course-1", tagged("CourseRenamed", "course:c1"));
        append("student-2", tagged("StudentLeft", "course:c1", "student:s2"));
        append("other-1", event("Unrelated"));
        List<RecordedEvent> log = readAll();
        assertThat(log).hasSize(8);
        return log;
    }

    private List<RecordedEvent> query(Query query) {
        return store().read(query, 0, Long.MAX_VALUE).toList();
    }

    private static List<RecordedEvent> at(List<RecordedEvent> log, int... indexes) {
        return java.util.Arrays.stream(indexes).mapToObj(log::get).toList();
    }

    private List<RecordedEvent> backward(Query query) {
        return store().readBackward(query, Long.MAX_VALUE, Long.MAX_VALUE).toList();
    }

    @Test
    default void anItemWithTypesMatchesEventsOfAnyOfThem() {
        List<RecordedEvent> log = courses();
        assertThat(ids(query(Query.of(QueryItem.types("CourseDefined"))))).isEqualTo(ids(at(log, 0, 1)));
        assertThat(ids(query(Query.of(QueryItem.types("CourseDefined", "CourseRenamed")))))
                .isEqualTo(ids(at(log, 0, 1, 5)));
        assertThat(query(Query.of(QueryItem.types("NoSuchType")))).isEmpty();
    }

    @Test
    default void anItemWithTagsMatchesEventsCarryingAllOfThem() {
        List<RecordedEvent> log = courses();
        assertThat(ids(query(Query.of(QueryItem.tags("course:c1"))))).isEqualTo(ids(at(log, 0, 2, 3, 5, 6)));
        assertThat(ids(query(Query.of(QueryItem.tags("course:c1", "student:s2"))))).isEqualTo(ids(at(log, 3, 6)));
        assertThat(ids(query(Query.of(QueryItem.tags("student:s1", "course:c2"))))).isEqualTo(ids(at(log, 4)));
        assertThat(query(Query.of(QueryItem.tags("course:c2", "student:s2")))).isEmpty();
        assertThat(query(Query.of(QueryItem.tags("course:c")))).as("tags match whole, not by prefix").isEmpty();
    }

    @Test
    default void anItemWithTypesAndTagsMatchesEventsOfOneOfTheTypesCarryingAllTheTags() {
        List<RecordedEvent> log = courses();
        assertThat(ids(query(Query.of(QueryItem.types("StudentSubscribed").withTags("course:c1")))))
                .isEqualTo(ids(at(log, 2, 3)));
        assertThat(ids(query(Query.of(QueryItem.types("StudentSubscribed", "StudentLeft")
                .withTags("course:c1", "student:s2"))))).isEqualTo(ids(at(log, 3, 6)));
        assertThat(query(Query.of(QueryItem.types("CourseDefined").withTags("student:s1")))).isEmpty();
    }

    @Test
    default void itemsAreOrEdAndEachEventComesOnceInPositionOrder() {
        List<RecordedEvent> log = courses();
        Query query = Query.of(QueryItem.types("CourseDefined", "CourseRenamed").withTags("course:c1"),
                QueryItem.tags("student:s2"),
                QueryItem.types("Unrelated"));
        assertThat(ids(query(query))).isEqualTo(ids(at(log, 0, 3, 5, 6, 7)));

        // Events 2 and 3 match both items: still once each.
        Query overlapping = Query.of(QueryItem.tags("course:c1"), QueryItem.types("StudentSubscribed"),
                QueryItem.tags("course:c1", "student:s1"));
        List<RecordedEvent> read = query(overlapping);
        assertThat(ids(read)).isEqualTo(ids(at(log, 0, 2, 3, 4, 5, 6)));
        assertThat(ids(read)).doesNotHaveDuplicates();
        assertStrictlyIncreasingPositions(read);
    }

    @Test
    default void queryAllAndAnEmptyItemMatchEveryEvent() {
        List<RecordedEvent> log = courses();
        assertThat(ids(query(Query.all()))).isEqualTo(ids(log));
        assertThat(ids(query(Query.of(QueryItem.all())))).isEqualTo(ids(log));
        assertThat(ids(query(Query.of(QueryItem.types("CourseDefined"), QueryItem.all())))).isEqualTo(ids(log));
    }

    @Test
    default void queriesSpanStreamsAndCategories() {
        append("a-1", tagged("Claimed", "resource:r"));
        append("b-1", tagged("Claimed", "resource:r"));
        append("c", tagged("Released", "resource:r"));
        assertThat(query(Query.of(QueryItem.tags("resource:r")))).extracting(RecordedEvent::streamId)
                .containsExactly("a-1", "b-1", "c");
    }

    @Test
    default void aQueryReadReturnsOnlyEventsAfterThePositionUpToTheLimit() {
        List<RecordedEvent> log = courses();
        Query c1 = Query.of(QueryItem.tags("course:c1"));
        assertThat(ids(store().read(c1, log.get(2).position(), Long.MAX_VALUE).toList()))
                .isEqualTo(ids(at(log, 3, 5, 6)));
        assertThat(ids(store().read(c1, log.get(1).position(), 2).toList())).isEqualTo(ids(at(log, 2, 3)));
        assertThat(ids(store().read(c1, log.get(3).position(), 1).toList())).isEqualTo(ids(at(log, 5)));
        assertThat(store().read(c1, log.get(6).position(), 10).toList()).isEmpty();
        assertThat(store().read(c1, 0, 0).toList()).isEmpty();

        Query two = Query.of(QueryItem.types("CourseDefined"), QueryItem.tags("student:s2"));
        assertThat(ids(store().read(two, log.get(0).position(), 2).toList())).isEqualTo(ids(at(log, 1, 3)));
    }

    @Test
    default void aQueryFilterReadsTheSameAsAQuery() {
        List<RecordedEvent> log = courses();
        Query query = Query.of(QueryItem.types("StudentLeft"), QueryItem.tags("course:c2"));
        assertThat(ids(store().read(EventFilter.matching(query), 0, Long.MAX_VALUE).toList()))
                .isEqualTo(ids(at(log, 1, 4, 6)));
    }

    /** How many events {@link #tally()} appends. */
    int TALLY = 1_100;

    /**
     * Appends 1,100 events to one stream, more than two pages: {@code Even} or {@code Odd}, tagged with
     * their index modulo 3 and 5.
     *
     * @return the query "even, or divisible by 3, or by 5", which matches a version {@code v} when
     *     {@link #inTally} says so
     */
    private Query tally() {
        List<EventData> events = new java.util.ArrayList<>();
        for (int i = 0; i < TALLY; i++) {
            events.add(tagged(i % 2 == 0 ? "Even" : "Odd", "mod3:" + (i % 3), "mod5:" + (i % 5)));
        }
        store().append(newStream("tally"), dev.eventstore.ExpectedVersion.noStream(), events);
        return Query.of(QueryItem.types("Even"), QueryItem.tags("mod3:0"), QueryItem.tags("mod5:0"));
    }

    private static boolean inTally(long version) {
        long i = version - 1;
        return i % 2 == 0 || i % 3 == 0 || i % 5 == 0;
    }

    @Test
    default void aQueryOverManyItemsAndPagesReturnsEachMatchOnceInOrder() {
        Query query = tally();
        List<RecordedEvent> read = query(query);
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, TALLY).filter(QueryContract::inTally)
                .boxed().toList();
        assertThat(versions(read)).isEqualTo(expected);
        assertStrictlyIncreasingPositions(read);
    }

    @Test
    default void aBackwardReadReturnsTheMatchesOfAForwardReadNewestFirst() {
        List<RecordedEvent> log = courses();
        List<Query> queries = List.of(
                Query.of(QueryItem.types("CourseDefined")),
                Query.of(QueryItem.types("CourseDefined", "CourseRenamed")),
                Query.of(QueryItem.tags("course:c1")),
                Query.of(QueryItem.tags("course:c1", "student:s2")),
                Query.of(QueryItem.types("StudentSubscribed", "StudentLeft").withTags("course:c1")),
                Query.of(QueryItem.types("CourseDefined", "CourseRenamed").withTags("course:c1"),
                        QueryItem.tags("student:s2"), QueryItem.types("Unrelated")),
                Query.of(QueryItem.tags("course:c1"), QueryItem.types("StudentSubscribed"),
                        QueryItem.tags("course:c1", "student:s1")),
                Query.all());
        for (Query query : queries) {
            List<RecordedEvent> forward = query(query);
            List<RecordedEvent> newestFirst = new java.util.ArrayList<>(forward);
            java.util.Collections.reverse(newestFirst);
            assertThat(ids(backward(query))).as("backward %s", query).isEqualTo(ids(newestFirst))
                    .doesNotHaveDuplicates();
        }
        assertThat(ids(backward(Query.of(QueryItem.types("StudentSubscribed").withTags("course:c1")))))
                .isEqualTo(ids(at(log, 3, 2)));
        assertThat(ids(backward(Query.all()))).hasSize(8).first().isEqualTo(log.get(7).id());
    }

    @Test
    default void aBackwardReadReturnsOnlyEventsBelowThePositionUpToTheLimit() {
        List<RecordedEvent> log = courses();
        Query c1 = Query.of(QueryItem.tags("course:c1"));
        assertThat(ids(store().readBackward(c1, log.get(5).position(), Long.MAX_VALUE).toList()))
                .as("below the position, not at it").isEqualTo(ids(at(log, 3, 2, 0)));
        assertThat(ids(store().readBackward(c1, log.get(5).position() + 1, 2).toList())).isEqualTo(ids(at(log, 5, 3)));
        assertThat(ids(store().readBackward(c1, Long.MAX_VALUE, 1).toList())).isEqualTo(ids(at(log, 6)));
        assertThat(store().readBackward(c1, log.get(0).position(), 10).toList()).isEmpty();
        assertThat(store().readBackward(c1, 1, 10).toList()).isEmpty();
        assertThat(store().readBackward(c1, 0, 10).toList()).isEmpty();
        assertThat(store().readBackward(c1, Long.MAX_VALUE, 0).toList()).isEmpty();

        Query two = Query.of(QueryItem.types("CourseDefined"), QueryItem.tags("student:s2"));
        assertThat(ids(store().readBackward(two, log.get(6).position(), 2).toList())).isEqualTo(ids(at(log, 3, 1)));
    }

    @Test
    default void aBackwardReadOfNothingMatchingIsEmpty() {
        assertThat(backward(Query.all())).as("an empty store").isEmpty();
        assertThat(store().readLast(Query.all())).as("the last event of an empty store").isEmpty();
        courses();
        assertThat(backward(Query.of(QueryItem.types("NoSuchType")))).isEmpty();
        assertThat(backward(Query.of(QueryItem.tags("course:c2", "student:s2")))).isEmpty();
        assertThat(backward(Query.of(QueryItem.types("CourseDefined").withTags("student:s1")))).isEmpty();
        assertThat(store().readLast(Query.of(QueryItem.tags("course:c9")))).isEmpty();
    }

    @Test
    default void readLastReturnsTheNewestMatchingEvent() {
        List<RecordedEvent> log = courses();
        assertThat(store().readLast(Query.of(QueryItem.types("CourseDefined")))).map(RecordedEvent::id)
                .contains(log.get(1).id());
        assertThat(store().readLast(Query.of(QueryItem.tags("student:s1")))).map(RecordedEvent::id)
                .contains(log.get(4).id());
        assertThat(store().readLast(Query.of(QueryItem.types("StudentSubscribed", "CourseRenamed")
                .withTags("course:c1")))).map(RecordedEvent::id).contains(log.get(5).id());
        assertThat(store().readLast(Query.all())).map(RecordedEvent::id).contains(log.get(7).id());

        RecordedEvent newest = store().readLast(Query.of(QueryItem.tags("course:c2"))).orElseThrow();
        assertThat(json(newest.data())).isEqualTo(json(log.get(4).data()));
        assertThat(newest.tags()).containsExactlyInAnyOrder("course:c2", "student:s1");
        assertThat(newest.streamId()).isEqualTo("student-1");
        assertThat(newest.version()).isEqualTo(2);
    }

    @Test
    default void aBackwardReadOverManyItemsAndPagesReturnsEachMatchOnceNewestFirst() {
        Query query = tally();
        List<Long> expected = java.util.stream.LongStream.iterate(TALLY, v -> v >= 1, v -> v - 1)
                .filter(QueryContract::inTally).boxed().toList();
        List<RecordedEvent> read = backward(query);
        assertThat(versions(read)).isEqualTo(expected);
        assertThat(versions(store().readBackward(query, Long.MAX_VALUE, 600).toList()))
                .isEqualTo(expected.subList(0, 600));
        assertThat(versions(store().readBackward(Query.all(), Long.MAX_VALUE, Long.MAX_VALUE).toList()))
                .hasSize(TALLY).startsWith((long) TALLY, TALLY - 1L).endsWith(2L, 1L);
    }

    @Test
    default void aBackwardReadSeesAnAppendMadeAfterTheFirstPageOnlyWhenReadAgain() {
        String stream = newStream("tally");
        store().append(stream, dev.eventstore.ExpectedVersion.noStream(), events("Counted", 1_100));
        Query counted = Query.of(QueryItem.types("Counted"));
        java.util.Iterator<RecordedEvent> reading = store().readBackward(counted, Long.MAX_VALUE, Long.MAX_VALUE)
                .iterator();
        RecordedEvent newest = reading.next();
        appendEvents(stream, 1);
        List<Long> rest = new java.util.ArrayList<>();
        reading.forEachRemaining(event -> rest.add(event.version()));
        assertThat(newest.version()).isEqualTo(1_100);
        assertThat(rest).as("later pages continue below the first, never above it").hasSize(1_099)
                .startsWith(1_099L).endsWith(1L);
        awaitTrue("the new event is the last", () -> store().readLast(counted)
                .map(RecordedEvent::version).orElse(0L) == 1_101L);
    }
}
