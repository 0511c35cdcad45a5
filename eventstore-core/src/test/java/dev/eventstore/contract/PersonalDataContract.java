package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.PersonalData;
import dev.eventstore.typed.SubjectKey;
import dev.eventstore.typed.SubjectKeyStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of crypto-shredding on one backend: its {@link SubjectKeyStore} (one key per subject,
 * also under racing writers; forget deletes it) and typed events with {@link PersonalData} stored in
 * it (no plain text in what the store holds; redacted, never failing, reads once forgotten).
 */
public abstract class PersonalDataContract {

    /** Where a customer's data is: the name and e-mail encrypted, the id in plain text. */
    @EventType(name = "CustomerRegistered")
    public record Registered(String customerId,
            @PersonalData(subject = "customerId") String name,
            @PersonalData(subject = "customerId", placeholder = "forgotten customer") String email,
            @PersonalData(subject = "customerId") Integer birthYear,
            @PersonalData(subject = "customerId") int shoeSize,
            Address address, int points) {
    }

    /** A nested record: its personal components are found too. */
    public record Address(String customerId, @PersonalData(subject = "customerId") String street, String city) {
    }

    private EventStore store;
    private SubjectKeyStore keys;
    private EventTypes types;

    /**
     * @return an empty store for one test; closed after it
     * @throws Exception if it cannot be created
     */
    protected abstract EventStore createStore() throws Exception;

    /**
     * @param store the store of this test
     * @return the key store of this backend, beside {@code store}; it may hold other tests' keys
     */
    protected abstract SubjectKeyStore keysOf(EventStore store);

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        keys = keysOf(store);
        types = EventTypes.builder().register(Registered.class).subjectKeys(keys).build();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private static String newSubject() {
        return "customer-" + UUID.randomUUID();
    }

    private Registered alice(String id) {
        return new Registered(id, "Alice Wonderland-" + id.substring(9, 17), "alice@example.org", 1990, 38,
                new Address(id, "12 Rabbit Hole Lane", "Oxford"), 7);
    }

    private RecordedEvent appendAndRead(Object event) {
        String stream = "customer-" + UUID.randomUUID();
        store.append(stream, ExpectedVersion.noStream(), List.of(types.encode(event, EventMetadata.empty())));
        try (var events = store.readStream(stream)) {
            return events.findFirst().orElseThrow();
        }
    }

    // ------------------------------------------------------------------------------- the key store

    @Test
    void aSubjectHasOneKeyUntilItIsForgotten() {
        String subject = newSubject();
        assertThat(keys.find(subject)).isEmpty();
        SubjectKey key = keys.keyFor(subject);
        assertThat(key.subject()).isEqualTo(subject);
        assertThat(key.material()).hasSize(SubjectKey.KEY_BYTES);
        assertThat(keys.keyFor(subject)).isEqualTo(key);
        assertThat(keys.find(subject)).contains(key);
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(key.material()));

        assertThat(keys.forget(subject)).isTrue();
        assertThat(keys.find(subject)).isEmpty();
        assertThat(keys.forget(subject)).isFalse();
        SubjectKey again = keys.keyFor(subject);
        assertThat(again.id()).isNotEqualTo(key.id());
        assertThat(again.material()).isNotEqualTo(key.material());
    }

    @Test
    void forgettingOneSubjectLeavesTheOthers() {
        String one = newSubject();
        String other = newSubject();
        keys.keyFor(one);
        SubjectKey kept = keys.keyFor(other);
        keys.forget(one);
        assertThat(keys.find(other)).contains(kept);
    }

    @Test
    void writersRacingToCreateASubjectsKeyAllGetTheSameOne() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 10; round++) {
                String subject = newSubject();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<SubjectKey>> created = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    created.add(pool.submit(() -> {
                        start.await();
                        return keys.keyFor(subject);
                    }));
                }
                start.countDown();
                Set<SubjectKey> distinct = new HashSet<>();
                for (Future<SubjectKey> key : created) {
                    distinct.add(key.get(30, TimeUnit.SECONDS));
                }
                assertThat(distinct).as("keys of %s", subject).hasSize(1);
                assertThat(keys.find(subject)).contains(distinct.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badSubjectIdsAreRefusedByName() {
        assertThatThrownBy(() -> keys.keyFor(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> keys.keyFor("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
        assertThatThrownBy(() -> keys.forget("x".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("201");
    }

    // ------------------------------------------------------------------------------- events

    @Test
    void theStoreHoldsNoPlainTextOfPersonalDataButTheSubjectsId() {
        String id = newSubject();
        Registered event = alice(id);
        RecordedEvent raw = appendAndRead(event);

        assertThat(raw.data()).doesNotContain("Alice", "alice@example.org", "Rabbit Hole", "1990")
                .contains(id, "Oxford");
        assertThat(types.decode(raw, Registered.class).orElseThrow().event()).isEqualTo(event);
    }

    @Test
    void eachValueHasItsOwnNonce() {
        String id = newSubject();
        String one = appendAndRead(alice(id)).data();
        String two = appendAndRead(alice(id)).data();
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void aForgottenSubjectsEventsReadRedactedNeverFailing() {
        String forgotten = newSubject();
        String kept = newSubject();
        RecordedEvent gone = appendAndRead(alice(forgotten));
        RecordedEvent stays = appendAndRead(alice(kept));

        keys.forget(forgotten);

        Registered redacted = types.decode(gone, Registered.class).orElseThrow().event();
        assertThat(redacted).isEqualTo(new Registered(forgotten, PersonalData.FORGOTTEN, "forgotten customer", null, 0,
                new Address(forgotten, PersonalData.FORGOTTEN, "Oxford"), 7));
        assertThat(types.decode(stays, Registered.class).orElseThrow().event()).isEqualTo(alice(kept));
        assertThat(types.reveal(gone).data()).contains("forgotten customer").doesNotContain("$personal");
    }

    @Test
    void aSubjectWrittenAgainAfterBeingForgottenGetsANewKeyAndTheOldDataStaysRedacted() {
        String id = newSubject();
        RecordedEvent before = appendAndRead(alice(id));
        keys.forget(id);
        RecordedEvent after = appendAndRead(alice(id));

        assertThat(types.decode(after, Registered.class).orElseThrow().event()).isEqualTo(alice(id));
        assertThat(types.decode(before, Registered.class).orElseThrow().event().name()).isEqualTo(PersonalData.FORGOTTEN);
    }
}
