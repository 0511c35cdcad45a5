package dev.eventstore.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.memory.InMemoryEventStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMetadataTest {

    @Test
    void aCommandThatStartsAConversationIsItsOwnCorrelation() {
        EventMetadata metadata = EventMetadata.forCommand("cmd-1");

        assertThat(metadata.correlationId()).contains("cmd-1");
        assertThat(metadata.causationId()).contains("cmd-1");
        assertThat(metadata.entries()).isEmpty();
    }

    @Test
    void aCommandContinuingAConversationKeepsItsCorrelation() {
        EventMetadata metadata = EventMetadata.forCommand("cmd-2", "conversation-9");

        assertThat(metadata.correlationId()).contains("conversation-9");
        assertThat(metadata.causationId()).contains("cmd-2");
    }

    @Test
    void eventsIssuedInReactionCarryTheCauseAndItsCorrelation() {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            EventData cause = EventData.of("Ordered", "{}")
                    .withMetadata(EventMetadata.forCommand("cmd-1", "conversation-9").toJson());
            store.append("order-1", ExpectedVersion.noStream(), List.of(cause));
            RecordedEvent recorded = store.readStream("order-1").toList().get(0);

            EventMetadata reaction = EventMetadata.causedBy(recorded);

            assertThat(reaction.causationId()).contains(recorded.id().toString());
            assertThat(reaction.correlationId()).contains("conversation-9");
        }
    }

    @Test
    void aCauseWithoutCorrelationStartsOneWithItsOwnId() {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            store.append("order-1", ExpectedVersion.noStream(), List.of(EventData.of("Ordered", "{}")));
            RecordedEvent recorded = store.readStream("order-1").toList().get(0);

            EventMetadata reaction = EventMetadata.causedBy(recorded);

            assertThat(reaction.correlationId()).contains(recorded.id().toString());
            assertThat(reaction.causationId()).contains(recorded.id().toString());
        }
    }

    @Test
    void roundTripsThroughJsonWithEntries() {
        EventMetadata metadata = EventMetadata.forCommand("cmd-1").withEntry("user", "alice")
                .withEntries(Map.of("tenant", "t-1", "ip", "10.0.0.1"));

        String json = metadata.toJson();

        assertThat(json).contains("\"$correlationId\":\"cmd-1\"").contains("\"user\":\"alice\"");
        assertThat(EventMetadata.fromJson(json)).isEqualTo(metadata);
        assertThat(EventMetadata.fromJson(json).entry("tenant")).contains("t-1");
    }

    @Test
    void readsForeignMetadataLeniently() {
        EventMetadata metadata = EventMetadata.fromJson(
                "{\"$schemaVersion\":2,\"$other\":1,\"count\":3,\"flag\":null,\"nested\":{\"a\":1}}");

        assertThat(metadata.correlationId()).isEmpty();
        assertThat(metadata.entries()).containsExactlyInAnyOrderEntriesOf(Map.of("count", "3",
                "nested", "{\"a\":1}"));
    }

    @Test
    void withMethodsReturnCopies() {
        EventMetadata empty = EventMetadata.empty();

        EventMetadata changed = empty.withCorrelationId("c").withCausationId("d").withEntry("k", "v");

        assertThat(empty.correlationId()).isEmpty();
        assertThat(empty.entries()).isEmpty();
        assertThat(changed.correlationId()).contains("c");
        assertThat(changed.causationId()).contains("d");
        assertThat(changed.entries()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void rejectsReservedAndBadKeys() {
        assertThatThrownBy(() -> EventMetadata.empty().withEntry("$schemaVersion", "9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'$schemaVersion'");
        assertThatThrownBy(() -> EventMetadata.empty().withEntry(" ", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry key must not be blank");
        assertThatThrownBy(() -> EventMetadata.empty().withEntry("k", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value must not be null");
        assertThatThrownBy(() -> EventMetadata.forCommand(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> EventMetadata.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> EventMetadata.fromJson("{"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{}", "{\"$correlationId\":\"c\",\"$causationId\":\"d\",\"tenant\":\"t1\"}",
        "{\"$schemaVersion\":3,\"n\":1.50,\"flag\":true,\"nested\":{\"a\":[1,2]},\"gone\":null}",
        "{\"dup\":\"first\",\"dup\":\"second\",\"$other\":\"library's\"}",
        "{\"dup\":\"first\",\"dup\":null}", "{\"$correlationId\":7,\"$causationId\":null}"
    })
    void readingStoredMetadataInOnePassGivesWhatTheTreeGives(String json) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        EventMetadata.Stored stored = EventMetadata.readStored(mapper, json);
        com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(json);
        assertThat(stored.metadata()).isEqualTo(EventMetadata.fromTree(tree));
        com.fasterxml.jackson.databind.JsonNode version = tree.get(EventMetadata.SCHEMA_VERSION_KEY);
        assertThat(stored.schemaVersion()).isEqualTo(version == null || version.isNull() ? null : version);
    }
}
