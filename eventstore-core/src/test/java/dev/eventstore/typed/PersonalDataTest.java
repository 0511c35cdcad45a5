package dev.eventstore.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import dev.eventstore.memory.InMemorySubjectKeyStore;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of {@link PersonalData} that do not depend on a store: checked when built, and on read. */
class PersonalDataTest {

    record Good(String id, @PersonalData(subject = "id") String name) {
    }

    record NoSuchSubject(String id, @PersonalData(subject = "customer") String name) {
    }

    record SubjectIsPersonal(@PersonalData(subject = "other") String id, @PersonalData(subject = "id") String other) {
    }

    /** Version 2 renamed {@code fullName} to {@code name}; its upcaster sees the decrypted value. */
    @EventType(name = "Renamed", version = 2)
    record Renamed(String id, @PersonalData(subject = "id") String name) {
    }

    @EventType(name = "Renamed")
    record RenamedV1(String id, @PersonalData(subject = "id") String fullName) {
    }

    /** The same shape as {@link Good}, read by an application that marks nothing. */
    record Plain(String id, String name) {
    }

    /** A component whose JSON property has another name than the component. */
    record Spelled(String id, @com.fasterxml.jackson.annotation.JsonProperty("full_name")
            @PersonalData(subject = "id") String name, Address address) {
    }

    record Address(String customer, @com.fasterxml.jackson.annotation.JsonProperty("line_1")
            @PersonalData(subject = "customer") String street) {
    }

    /** Personal data the encryption cannot find in the JSON: its record is unwrapped into the parent's. */
    record Flattened(String id, @com.fasterxml.jackson.annotation.JsonUnwrapped Address address) {
    }

    private final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();

    private static RecordedEvent recorded(EventData data) {
        return new RecordedEvent(data.id(), "c-1", 1, 1, data.type(), data.data(), data.metadata(), data.tags(),
                Instant.now());
    }

    @Test
    void aClassWithPersonalDataNeedsAKeyStore() {
        assertThatThrownBy(() -> EventTypes.builder().register(Good.class).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Good.class.getName())
                .hasMessageContaining("subjectKeys");
    }

    @Test
    void theSubjectMustBeAnotherComponentInPlainText() {
        assertThatThrownBy(() -> EventTypes.builder().register(NoSuchSubject.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'customer'");
        assertThatThrownBy(() -> EventTypes.builder().register(SubjectIsPersonal.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be @PersonalData itself");
    }

    @Test
    void aNullSubjectIsRefusedOnEncode() {
        EventTypes types = EventTypes.builder().register(Good.class).subjectKeys(keys).build();
        assertThatThrownBy(() -> types.encode(new Good(null, "Bob")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id', which is null");
    }

    @Test
    void aNullPersonalValueStaysNullAndNeedsNoKey() {
        EventTypes types = EventTypes.builder().register(Good.class).subjectKeys(keys).build();
        EventData data = types.encode(new Good("c-9", null));
        assertThat(keys.find("c-9")).isEmpty();
        assertThat(types.decode(recorded(data), Good.class).orElseThrow().event()).isEqualTo(new Good("c-9", null));
    }

    @Test
    void aChangedCiphertextFailsItsAuthenticationLoudly() {
        EventTypes types = EventTypes.builder().register(Good.class).subjectKeys(keys).build();
        EventData data = types.encode(new Good("c-1", "Bob"));
        String value = data.data().replaceAll(".*\"value\":\"([^\"]+)\".*", "$1");
        char flipped = value.charAt(20) == 'A' ? 'B' : 'A';
        String tampered = data.data().replace(value, value.substring(0, 20) + flipped + value.substring(21));
        RecordedEvent event = recorded(new EventData(data.id(), data.type(), tampered, data.metadata(), data.tags()));
        assertThatThrownBy(() -> types.decode(event, Good.class)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("fails its authentication");
    }

    @Test
    void encryptedDataReadWithoutAKeyStoreIsAClearError() {
        EventData data = EventTypes.builder().register(Good.class).subjectKeys(keys).build().encode(new Good("c-1", "Bob"));
        EventTypes plain = EventTypes.builder().register(Plain.class).build();
        RecordedEvent event = recorded(new EventData(UUID.randomUUID(), "Plain", data.data(), "{}", Set.of()));
        assertThatThrownBy(() -> plain.decode(event)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("no SubjectKeyStore");
    }

    @Test
    void upcastersSeeDecryptedDataAndForgottenDataIsRedactedAfterThem() {
        EventTypes old = EventTypes.builder().register(RenamedV1.class).subjectKeys(keys).build();
        EventTypes current = EventTypes.builder().register(Renamed.class).subjectKeys(keys)
                .upcast("Renamed", 1, json -> {
                    json.set("name", json.remove("fullName"));
                    return json;
                })
                .build();
        RecordedEvent stored = recorded(old.encode(new RenamedV1("c-2", "Carol")));
        assertThat(current.decode(stored, Renamed.class).orElseThrow().event()).isEqualTo(new Renamed("c-2", "Carol"));
        keys.forget("c-2");
        assertThat(current.decode(stored, Renamed.class).orElseThrow().event())
                .isEqualTo(new Renamed("c-2", PersonalData.FORGOTTEN));
    }

    @Test
    void aComponentWhoseJsonPropertyHasAnotherNameIsEncryptedAndRedactedToo() {
        EventTypes types = EventTypes.builder().subjectKeys(keys).register(Spelled.class).build();
        Spelled spelled = new Spelled("c-5", "Ada Lovelace", new Address("c-5", "12 St James's Square"));
        EventData data = types.encode(spelled);
        assertThat(data.data()).contains("full_name", "line_1").doesNotContain("Ada", "James");
        assertThat(types.decode(recorded(data), Spelled.class).orElseThrow().event()).isEqualTo(spelled);
        keys.forget("c-5");
        assertThat(types.decode(recorded(data), Spelled.class).orElseThrow().event()).isEqualTo(
                new Spelled("c-5", PersonalData.FORGOTTEN, new Address("c-5", PersonalData.FORGOTTEN)));
    }

    @Test
    void personalDataTheEncryptionCannotFindInTheJsonIsRefusedRatherThanStoredInPlainText() {
        EventTypes types = EventTypes.builder().subjectKeys(keys).register(Flattened.class).build();
        Flattened flattened = new Flattened("c-6", new Address("c-6", "1 Infinite Loop"));
        assertThatThrownBy(() -> types.encode(flattened)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Flattened.class.getName() + ".address");
    }
}
