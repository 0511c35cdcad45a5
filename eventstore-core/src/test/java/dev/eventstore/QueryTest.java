package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryTest {

    @Test
    void anItemMatchesAnyOfItsTypesAndAllOfItsTags() {
        QueryItem item = QueryItem.types("A", "B").withTags("t1", "t2");
        assertThat(item.matches("A", Set.of("t1", "t2"))).isTrue();
        assertThat(item.matches("B", Set.of("t1", "t2", "t3"))).isTrue();
        assertThat(item.matches("C", Set.of("t1", "t2"))).isFalse();
        assertThat(item.matches("A", Set.of("t1"))).isFalse();
        assertThat(item.matches("A", Set.of())).isFalse();
    }

    @Test
    void anItemWithoutTypesAcceptsEveryTypeAndOneWithoutTagsAsksForNone() {
        assertThat(QueryItem.tags("t").matches("Anything", Set.of("t", "u"))).isTrue();
        assertThat(QueryItem.tags("t").matches("Anything", Set.of("u"))).isFalse();
        assertThat(QueryItem.types("A").matches("A", Set.of())).isTrue();
        assertThat(QueryItem.types("A").matches("A", Set.of("x"))).isTrue();
        assertThat(QueryItem.all().matches("X", Set.of())).isTrue();
        assertThat(QueryItem.all().matchesAll()).isTrue();
        assertThat(QueryItem.types("A").matchesAll()).isFalse();
        assertThat(QueryItem.tags("t").matchesAll()).isFalse();
    }

    @Test
    void typesAndTagsMatchWholeAndCaseSensitively() {
        assertThat(QueryItem.types("Order").matches("OrderPlaced", Set.of())).isFalse();
        assertThat(QueryItem.types("order").matches("Order", Set.of())).isFalse();
        assertThat(QueryItem.tags("account:4").matches("T", Set.of("account:42"))).isFalse();
    }

    @Test
    void withTagsReplacesTheTags() {
        QueryItem item = QueryItem.types("A").withTags("x").withTags("y");
        assertThat(item.tags()).containsExactly("y");
        assertThat(item.types()).containsExactly("A");
    }

    @Test
    void itemsOfAQueryAreOrEd() {
        Query query = Query.of(QueryItem.types("A"), QueryItem.tags("t"));
        assertThat(query.matches("A", Set.of())).isTrue();
        assertThat(query.matches("B", Set.of("t"))).isTrue();
        assertThat(query.matches("B", Set.of("u"))).isFalse();
        assertThat(query.matchesAll()).isFalse();
        assertThat(Query.of(QueryItem.types("A"), QueryItem.all()).matchesAll()).isTrue();
        assertThat(Query.all().matchesAll()).isTrue();
        assertThat(Query.all().matches("Any", Set.of())).isTrue();
    }

    @Test
    void aQueryMatchesARecordedEventByItsTypeAndTags() {
        RecordedEvent event = new RecordedEvent(java.util.UUID.randomUUID(), "user-1", 1, 1, "UsernameClaimed",
                "{}", "{}", Set.of("username:alice"), java.time.Instant.now());
        assertThat(Query.of(QueryItem.types("UsernameClaimed").withTags("username:alice")).matches(event)).isTrue();
        assertThat(Query.of(QueryItem.types("UsernameClaimed").withTags("username:bob")).matches(event)).isFalse();
        assertThat(EventFilter.matching(Query.of(QueryItem.tags("username:alice"))).test(event)).isTrue();
    }

    @Test
    void queriesAndItemsAreValuesWithSortedSets() {
        assertThat(QueryItem.types("B", "A")).isEqualTo(QueryItem.types("A", "B"));
        assertThat(QueryItem.types("B", "A").types()).containsExactly("A", "B");
        assertThat(Query.of(QueryItem.tags("y", "x"))).isEqualTo(new Query(List.of(QueryItem.tags("x", "y"))));
        assertThat(Query.of(QueryItem.types("A", "B").withTags("t"), QueryItem.all()))
                .hasToString("(types [A, B] with tags [t]) OR (any event)");
        assertThat(QueryItem.tags("t")).hasToString("any type with tags [t]");
    }

    @Test
    void aQueryOfNoItemsIsRefusedPointingToQueryAll() {
        assertThatThrownBy(() -> Query.of()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items must not be empty").hasMessageContaining("Query.all()");
        assertThatThrownBy(() -> new Query(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items must not be empty").hasMessageContaining("Query.all()");
        // What "every event" is, spelled the one way: an item that constrains nothing.
        assertThat(Query.all()).isEqualTo(Query.of(QueryItem.all()));
        assertThat(Query.all().items()).containsExactly(new QueryItem(Set.of(), Set.of()));
        assertThat(Query.all().matchesAll()).isTrue();
    }

    @Test
    void badQueriesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> Query.of()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items").hasMessageContaining("empty");
        assertThatThrownBy(() -> new Query(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items");
        assertThatThrownBy(() -> Query.of(QueryItem.all(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items").hasMessageContaining("null");
        assertThatThrownBy(() -> QueryItem.types("A", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("types");
        assertThatThrownBy(() -> QueryItem.tags("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag").hasMessageContaining("blank");
        assertThatThrownBy(() -> QueryItem.types("T".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type").hasMessageContaining("201");
        assertThatThrownBy(() -> new QueryItem(null, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("types");
        assertThatThrownBy(() -> new QueryItem(Set.of(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    @Test
    void appendConditionsRejectBadValues() {
        assertThat(AppendCondition.noneMatching(Query.all()).after()).isZero();
        assertThat(AppendCondition.noneMatchingAfter(Query.all(), 9).after()).isEqualTo(9);
        assertThatThrownBy(() -> AppendCondition.noneMatching(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query");
        assertThatThrownBy(() -> AppendCondition.noneMatchingAfter(Query.all(), -4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after").hasMessageContaining("-4");
    }
}
