package dev.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventDataTest {

    @Test
    void ofGivesAFreshTimeOrderedIdEmptyMetadataAndNoTags() {
        EventData first = EventData.of("Opened", "{\"a\":1}");
        EventData second = EventData.of("Opened", "{\"a\":1}");
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.id().version()).isEqualTo(7);
        assertThat(first.type()).isEqualTo("Opened");
        assertThat(first.data()).isEqualTo("{\"a\":1}");
        assertThat(first.metadata()).isEqualTo("{}");
        assertThat(first.tags()).isEmpty();
    }

    @Test
    void withersReplaceOneComponent() {
        UUID id = UUID.randomUUID();
        EventData event = EventData.of("Opened", "1").withId(id).withMetadata("{\"c\":\"x\"}").withTags("b", "a");
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.data()).isEqualTo("1");
        assertThat(event.metadata()).isEqualTo("{\"c\":\"x\"}");
        assertThat(event.tags()).containsExactly("a", "b");
        assertThat(event.withTags(List.of("z")).tags()).containsExactly("z");
    }

    @Test
    void tagsAreSortedAndCopied() {
        Set<String> tags = new HashSet<>(Arrays.asList("c", "a", "b"));
        EventData event = new EventData(UUID.randomUUID(), "T", "{}", "{}", tags);
        tags.add("d");
        assertThat(event.tags()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> event.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dataMayBeAnyOneJsonValue() {
        for (String data : List.of("{}", "[]", "\"s\"", "1", "-2.5", "true", "null", " { \"a\" : [1, 2] } ")) {
            assertThat(EventData.of("T", data).data()).isEqualTo(data);
        }
    }

    @Test
    void dataThatIsNotOneJsonValueIsRejectedNamingIt() {
        assertRejected(() -> EventData.of("T", "{"), "data", "'{'");
        assertRejected(() -> EventData.of("T", "{'a':1}"), "data", "{'a':1}");
        assertRejected(() -> EventData.of("T", "1 2"), "data", "1 2");
        assertRejected(() -> EventData.of("T", "{} {}"), "data", "{} {}");
        assertRejected(() -> EventData.of("T", "   "), "data", "empty");
        assertRejected(() -> EventData.of("T", "undefined"), "data", "undefined");
        assertRejected(() -> EventData.of("T", null), "data", "null");
    }

    @Test
    void metadataMustBeOneJsonObject() {
        assertThat(EventData.of("T", "{}").withMetadata(" {\"k\": [1]} ").metadata()).isEqualTo(" {\"k\": [1]} ");
        assertRejected(() -> EventData.of("T", "{}").withMetadata("[]"), "metadata", "[]");
        assertRejected(() -> EventData.of("T", "{}").withMetadata("1"), "metadata", "'1'");
        assertRejected(() -> EventData.of("T", "{}").withMetadata("null"), "metadata", "null");
        assertRejected(() -> EventData.of("T", "{}").withMetadata("{} []"), "metadata", "{} []");
        assertRejected(() -> EventData.of("T", "{}").withMetadata("{"), "metadata", "'{'");
        assertRejected(() -> EventData.of("T", "{}").withMetadata(null), "metadata", "null");
    }

    @Test
    void typeMustBeANameOfAtMostTwoHundredCharacters() {
        assertThat(EventData.of("T".repeat(EventData.MAX_TYPE_LENGTH), "{}").type()).hasSize(200);
        assertRejected(() -> EventData.of(null, "{}"), "type", "null");
        assertRejected(() -> EventData.of("", "{}"), "type", "blank");
        assertRejected(() -> EventData.of(" \t", "{}"), "type", "blank");
        assertRejected(() -> EventData.of("T".repeat(201), "{}"), "type", "201");
        assertRejected(() -> EventData.of("Bad\u0001Type", "{}"), "type", "Bad\\u0001Type");
    }

    @Test
    void tagsMustBeValidAndNotTooMany() {
        List<String> max = new ArrayList<>();
        for (int i = 0; i < EventData.MAX_TAGS; i++) {
            max.add("t" + i);
        }
        assertThat(EventData.of("T", "{}").withTags(max).tags()).hasSize(EventData.MAX_TAGS);
        List<String> tooMany = new ArrayList<>(max);
        tooMany.add("one-more");
        assertRejected(() -> EventData.of("T", "{}").withTags(tooMany), "tags", "65");
        assertRejected(() -> EventData.of("T", "{}").withTags("ok", " "), "tag", "blank");
        assertRejected(() -> EventData.of("T", "{}").withTags("x".repeat(201)), "tag", "201");
        assertRejected(() -> EventData.of("T", "{}").withTags("new\nline"), "tag", "new\\u000aline");
        assertRejected(() -> EventData.of("T", "{}").withTags("ok", null), "tags", "null");
        assertRejected(() -> EventData.of("T", "{}").withTags((String[]) null), "tags", "null");
        assertRejected(() -> new EventData(UUID.randomUUID(), "T", "{}", "{}", null), "tags", "null");
    }

    @Test
    void aCopyChecksWhatItChangesAndTheNextEventIsCheckedWhole() {
        EventData event = EventData.of("T", "{\"a\":1}").withTags("x");
        assertRejected(() -> event.withMetadata("{\"k\":1,\"k\":2}"), "metadata", "k");
        // A copy that failed leaves nothing behind: the next event of this thread is checked whole.
        assertRejected(() -> new EventData(event.id(), event.type(), "{\"a\":", "{}", event.tags()), "data", "{\"a\":");
        assertRejected(() -> new EventData(event.id(), event.type(), event.data(), "[]", event.tags()), "metadata", "[]");
        EventData copy = event.withMetadata("{\"k\":1}").withId(UUID.randomUUID());
        assertThat(copy.data()).isEqualTo(event.data());
        assertThat(copy.tags()).containsExactly("x");
        assertThat(copy.metadata()).isEqualTo("{\"k\":1}");
    }

    @Test
    void theIdMustBeGiven() {
        assertRejected(() -> EventData.of("T", "{}").withId(null), "id", "null");
    }

    @Test
    void longValuesAreCutInMessages() {
        String data = "{" + "x".repeat(10_000);
        assertThatThrownBy(() -> EventData.of("T", data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data").hasMessageContaining("{xxxx").hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... mentions) {
        var assertion = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        for (String mention : mentions) {
            assertion.hasMessageContaining(mention);
        }
    }
}
