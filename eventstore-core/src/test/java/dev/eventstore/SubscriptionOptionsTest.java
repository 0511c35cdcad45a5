package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.reactor.Poison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionOptionsTest {

    @Test
    void defaultsAreTheWholeLogTheFiltersNameTheDefaultBatchSizeAndRetryPolicy() {
        SubscriptionOptions options = SubscriptionOptions.builder(EventFilter.category("account")).build();
        assertThat(options.filter()).isEqualTo(EventFilter.category("account"));
        assertThat(options.afterPosition()).isZero();
        assertThat(options.name()).isEqualTo("category account");
        assertThat(options.batchSize()).isEqualTo(SubscriptionOptions.DEFAULT_BATCH_SIZE);
        assertThat(options.retry()).isEqualTo(RetryPolicy.defaults());
        assertThat(options.poison()).isEqualTo(Poison.STOP);
        assertThat(SubscriptionOptions.of(EventFilter.all(), 42).afterPosition()).isEqualTo(42);
    }

    @Test
    void theBuilderSetsEveryOption() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));
        SubscriptionOptions options = SubscriptionOptions.builder(EventFilter.all()).name("balances")
                .afterPosition(7).batchSize(SubscriptionOptions.MAX_BATCH_SIZE).retry(retry).build();
        assertThat(options).isEqualTo(new SubscriptionOptions(EventFilter.all(), 7, "balances",
                SubscriptionOptions.MAX_BATCH_SIZE, retry));
    }

    @Test
    void theDefaultNameOfAFilterWithALongDescriptionIsShortened() {
        String longest = "s-" + "x".repeat(StreamIds.MAX_LENGTH - 2);
        SubscriptionOptions byStream = SubscriptionOptions.of(EventFilter.stream(longest), 0);
        assertThat(byStream.name()).hasSize(SubscriptionOptions.MAX_NAME_LENGTH).startsWith("stream s-xxx")
                .endsWith("...");

        List<QueryItem> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(QueryItem.types("Type" + i).withTags("tag:" + i));
        }
        SubscriptionOptions byQuery = SubscriptionOptions.of(EventFilter.matching(new Query(items)), 0);
        assertThat(byQuery.name()).hasSizeLessThanOrEqualTo(SubscriptionOptions.MAX_NAME_LENGTH)
                .startsWith("events matching (types [Type0]");
    }

    @Test
    void theDefaultNameIsNotCutInsideASurrogatePair() {
        // "stream " is 7 characters; the cut falls at index 197, inside the pair that starts at 196.
        String id = "x".repeat(189) + "\ud83d\ude00" + "y".repeat(9);
        String name = SubscriptionOptions.of(EventFilter.stream(id), 0).name();
        assertThat(name).endsWith("x...").hasSizeLessThanOrEqualTo(SubscriptionOptions.MAX_NAME_LENGTH);
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new SubscriptionOptions(EventFilter.all(), 0, "n", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry");
        assertThatThrownBy(() -> new SubscriptionOptions(null, 0, "n", 1, RetryPolicy.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter");
        assertThatThrownBy(() -> new SubscriptionOptions(EventFilter.all(), -1, "n", 1, RetryPolicy.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("afterPosition").hasMessageContaining("-1");
        assertThatThrownBy(() -> new SubscriptionOptions(EventFilter.all(), 0, "n", 0, RetryPolicy.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize").hasMessageContaining("0");
        assertThatThrownBy(() -> new SubscriptionOptions(EventFilter.all(), 0, "n", 10_001, RetryPolicy.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize").hasMessageContaining("10001");
        assertThatThrownBy(() -> SubscriptionOptions.builder(EventFilter.all()).name("a".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name").hasMessageContaining("201");
        assertThatThrownBy(() -> SubscriptionOptions.builder(EventFilter.all()).name("tab\there"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name").hasMessageContaining("tab");
    }

    @Test
    void parkingNeedsANameGivenToTheBuilder() {
        SubscriptionOptions parking = SubscriptionOptions.builder(EventFilter.category("order")).name("emails")
                .onPoison(Poison.PARK).build();
        assertThat(parking.poison()).isEqualTo(Poison.PARK);
        assertThat(new SubscriptionOptions(EventFilter.all(), 0, "n", 1, RetryPolicy.none()).poison())
                .isEqualTo(Poison.STOP);
        assertThatThrownBy(() -> SubscriptionOptions.builder(EventFilter.category("order")).onPoison(Poison.PARK).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category order")
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> SubscriptionOptions.builder(EventFilter.all()).onPoison(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poison");
        assertThatThrownBy(() -> new SubscriptionOptions(EventFilter.all(), 0, "n", 1, RetryPolicy.none(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poison");
    }
}
