package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamIdsTest {

    @Test
    void theCategoryIsThePartBeforeTheFirstDash() {
        assertThat(StreamIds.category("account-42")).isEqualTo("account");
        assertThat(StreamIds.category("account-7-savings")).isEqualTo("account");
        assertThat(StreamIds.category("accounts-1")).isEqualTo("accounts");
        assertThat(StreamIds.category("account")).isEqualTo("account");
        assertThat(StreamIds.category("account-")).isEqualTo("account");
    }

    @Test
    void aValidIdIsReturnedUnchanged() {
        String longest = "x".repeat(StreamIds.MAX_LENGTH);
        assertThat(StreamIds.validate(longest)).isSameAs(longest);
        assertThat(StreamIds.validate("x'); drop table events; --")).isEqualTo("x'); drop table events; --");
        assertThat(StreamIds.validate(" padded ")).isEqualTo(" padded ");
    }

    @Test
    void badIdsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> StreamIds.validate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("null");
        assertThatThrownBy(() -> StreamIds.validate(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("blank");
        assertThatThrownBy(() -> StreamIds.validate("x".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("201");
        assertThatThrownBy(() -> StreamIds.validate("a\u0085b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId").hasMessageContaining("a\\u0085b");
        assertThatThrownBy(() -> StreamIds.category("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId");
    }

    @Test
    void categoriesHaveTheRulesOfIdsAndNoDash() {
        assertThat(StreamIds.validateCategory("account")).isEqualTo("account");
        assertThatThrownBy(() -> StreamIds.validateCategory("account-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category").hasMessageContaining("'account-1'");
        assertThatThrownBy(() -> StreamIds.validateCategory(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category").hasMessageContaining("null");
        assertThatThrownBy(() -> StreamIds.validateCategory("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category").hasMessageContaining("blank");
    }

    @Test
    void filtersSelectByStreamAndCategory() {
        RecordedEvent event = new RecordedEvent(UUID.randomUUID(), "account-2-x", 1, 1, "T", "{}", "{}", Set.of(),
                Instant.now());
        assertThat(event.category()).isEqualTo("account");
        assertThat(EventFilter.category("account").test(event)).isTrue();
        assertThat(EventFilter.category("accounts").test(event)).isFalse();
        assertThat(EventFilter.stream("account-2-x").test(event)).isTrue();
        assertThat(EventFilter.stream("account-2").test(event)).isFalse();
        assertThat(EventFilter.all().test(event)).isTrue();
    }
}
