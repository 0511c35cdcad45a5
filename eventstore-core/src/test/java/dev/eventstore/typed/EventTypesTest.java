package dev.eventstore.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.memory.InMemoryEventStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    sealed interface AccountEvent permits Opened, Deposited, Withdrawn, Closing {
        String accountId();
    }

    @EventType(name = "AccountOpened")
    record Opened(String accountId, String holder, LocalDate openedOn, Instant at) implements AccountEvent {
    }

    /** Version 1 had only an amount; version 2 added the currency; version 3 the channel. */
    @EventType(name = "MoneyDeposited", version = 3)
    record Deposited(String accountId, BigDecimal amount, String currency, String channel) implements AccountEvent {
    }

    record Withdrawn(String accountId, BigDecimal amount) implements AccountEvent {
    }

    /** A nested sealed level: its records are registered too. */
    sealed interface Closing extends AccountEvent permits CloseRequested, Closed {
    }

    record CloseRequested(String accountId) implements Closing {
    }

    record Closed(String accountId, OffsetDateTime at, ZonedDateTime local) implements Closing {
    }

    record Other(String value) {
    }

    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void close() {
        store.close();
    }

    private static EventTypes.Builder accountTypes() {
        return EventTypes.builder()
                .registerSealed(AccountEvent.class, e -> Set.of("account:" + e.accountId()))
                .upcast("MoneyDeposited", 1, json -> json.put("currency", "EUR"))
                .upcast("MoneyDeposited", 2, json -> json.put("channel", "branch"));
    }

    private RecordedEvent roundTrip(EventData data) {
        String stream = "account-" + UUID.randomUUID();
        store.append(stream, ExpectedVersion.any(), List.of(data));
        return store.readStream(stream).toList().get(0);
    }

    /** The marker a delete (or a tombstone) of a new stream appends, read from the log. */
    private RecordedEvent marker(boolean tombstone) {
        String stream = "account-" + UUID.randomUUID();
        store.append(stream, ExpectedVersion.noStream(), List.of(EventData.of("Opened", "{}")));
        long position = (tombstone ? store.tombstoneStream(stream, ExpectedVersion.any())
                : store.deleteStream(stream, ExpectedVersion.any())).lastPosition();
        return store.readAll(position - 1, 1).toList().get(0);
    }

    private static EventData raw(String type, String data, String metadata) {
        return EventData.of(type, data).withMetadata(metadata);
    }

    @Test
    void bigDecimalsRoundTripExactlyWithTheirScale() {
        EventTypes types = accountTypes().build();
        Deposited deposited = new Deposited("42", new BigDecimal("0.10"), "EUR", "web");

        EventData data = types.encode(deposited);
        Object decoded = types.decode(roundTrip(data)).orElseThrow().event();

        assertThat(data.data()).contains("\"amount\":0.10");
        assertThat(decoded).isEqualTo(deposited);
        assertThat(((Deposited) decoded).amount().scale()).isEqualTo(2);
    }

    @Test
    void bigDecimalsNeverPassThroughDouble() {
        EventTypes types = accountTypes().build();
        BigDecimal huge = new BigDecimal("12345678901234567890.123456789012345678901");
        Deposited deposited = new Deposited("42", huge, "EUR", "web");

        Deposited decoded = (Deposited) types.decode(roundTrip(types.encode(deposited))).orElseThrow().event();

        assertThat(decoded.amount()).isEqualTo(huge);
    }

    @Test
    void aNegativeScaleIsWrittenPlainAndReadBackAsTheSameNumber() {
        EventTypes types = accountTypes().build();
        Deposited deposited = new Deposited("42", new BigDecimal("1E+3"), "EUR", "web");

        EventData data = types.encode(deposited);
        Deposited decoded = (Deposited) types.decode(roundTrip(data)).orElseThrow().event();

        assertThat(data.data()).contains("\"amount\":1000");
        assertThat(decoded.amount()).isEqualByComparingTo("1000");
    }

    @Test
    void javaTimeValuesAreIsoStringsAndRoundTripExactly() {
        EventTypes types = accountTypes().build();
        Opened opened = new Opened("42", "John Jones", LocalDate.of(2024, 2, 29),
                Instant.parse("2024-02-29T10:15:30.123456789Z"));
        Closed closed = new Closed("42", OffsetDateTime.of(2024, 3, 1, 9, 0, 0, 0, ZoneOffset.ofHours(2)),
                ZonedDateTime.of(2024, 3, 1, 9, 0, 0, 0, ZoneId.of("Europe/Paris")));

        EventData openedData = types.encode(opened);
        EventData closedData = types.encode(closed);

        assertThat(openedData.data()).contains("\"openedOn\":\"2024-02-29\"")
                .contains("\"at\":\"2024-02-29T10:15:30.123456789Z\"");
        assertThat(closedData.data()).contains("\"at\":\"2024-03-01T09:00:00+02:00\"").contains("Europe/Paris");
        assertThat(types.decode(roundTrip(openedData)).orElseThrow().event()).isEqualTo(opened);
        assertThat(types.decode(roundTrip(closedData)).orElseThrow().event()).isEqualTo(closed);
    }

    @Test
    void registersEveryRecordOfASealedInterfaceByAnnotationOrSimpleName() {
        EventTypes types = accountTypes().build();

        assertThat(types.typeName(Opened.class)).isEqualTo("AccountOpened");
        assertThat(types.schemaVersion(Opened.class)).isEqualTo(1);
        assertThat(types.typeName(Deposited.class)).isEqualTo("MoneyDeposited");
        assertThat(types.schemaVersion(Deposited.class)).isEqualTo(3);
        assertThat(types.typeName(Withdrawn.class)).isEqualTo("Withdrawn");
        assertThat(types.typeNames(AccountEvent.class)).containsExactly("AccountOpened", "CloseRequested",
                "Closed", "MoneyDeposited", "Withdrawn");
        assertThat(types.typeNames(Closing.class)).containsExactly("CloseRequested", "Closed");
        assertThat(types.isRegistered("Withdrawn")).isTrue();
        assertThat(types.isRegistered("Other")).isFalse();
    }

    @Test
    void writesTheSchemaVersionIntoTheMetadata() {
        EventTypes types = accountTypes().build();

        EventData data = types.encode(new Deposited("42", BigDecimal.ONE, "EUR", "web"),
                EventMetadata.forCommand("cmd-1").withEntry("user", "alice"));

        assertThat(data.type()).isEqualTo("MoneyDeposited");
        assertThat(data.metadata()).contains("\"$schemaVersion\":3").contains("\"$correlationId\":\"cmd-1\"")
                .contains("\"$causationId\":\"cmd-1\"").contains("\"user\":\"alice\"");
    }

    @Test
    void upcastsVersionOneThroughTwoToThree() {
        EventTypes types = accountTypes().build();
        RecordedEvent v1 = roundTrip(raw("MoneyDeposited", "{\"accountId\":\"42\",\"amount\":0.10}",
                "{\"$schemaVersion\":1}"));

        Deposited decoded = (Deposited) types.decode(v1).orElseThrow().event();

        assertThat(decoded).isEqualTo(new Deposited("42", new BigDecimal("0.10"), "EUR", "branch"));
        assertThat(decoded.amount().scale()).as("decimals keep their scale through upcasters").isEqualTo(2);
    }

    @Test
    void upcastsFromTheMiddleOfTheChain() {
        EventTypes types = accountTypes().build();
        RecordedEvent v2 = roundTrip(raw("MoneyDeposited", "{\"accountId\":\"42\",\"amount\":5,\"currency\":\"USD\"}",
                "{\"$schemaVersion\":2}"));

        assertThat(types.decode(v2).orElseThrow().event())
                .isEqualTo(new Deposited("42", new BigDecimal("5"), "USD", "branch"));
    }

    @Test
    void runsUpcastersInOrder() {
        List<Integer> calls = new ArrayList<>();
        EventTypes types = EventTypes.builder()
                .register(Withdrawn.class, "Withdrawn", 4)
                .upcast("Withdrawn", 3, json -> {
                    calls.add(3);
                    return json.put("amount", json.get("amount").decimalValue().add(BigDecimal.ONE));
                })
                .upcast("Withdrawn", 1, json -> {
                    calls.add(1);
                    return json.put("amount", json.get("value").decimalValue());
                })
                .upcast("Withdrawn", 2, json -> {
                    calls.add(2);
                    json.remove("value");
                    return json;
                })
                .build();

        Object decoded = types.decode(roundTrip(raw("Withdrawn", "{\"accountId\":\"42\",\"value\":1.50}", "{}")))
                .orElseThrow().event();

        assertThat(calls).containsExactly(1, 2, 3);
        assertThat(decoded).isEqualTo(new Withdrawn("42", new BigDecimal("2.50")));
    }

    @Test
    void eventsWithoutASchemaVersionReadAsVersionOne() {
        EventTypes types = accountTypes().build();
        RecordedEvent untyped = roundTrip(EventData.of("MoneyDeposited", "{\"accountId\":\"42\",\"amount\":1}"));

        assertThat(types.decode(untyped).orElseThrow().event())
                .isEqualTo(new Deposited("42", BigDecimal.ONE, "EUR", "branch"));
    }

    @Test
    void aStoredVersionNewerThanRegisteredIsAClearError() {
        EventTypes types = accountTypes().build();
        RecordedEvent v4 = roundTrip(raw("MoneyDeposited",
                "{\"accountId\":\"42\",\"amount\":1,\"currency\":\"EUR\",\"channel\":\"web\",\"memo\":\"x\"}",
                "{\"$schemaVersion\":4}"));

        assertThatThrownBy(() -> types.decode(v4))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("'MoneyDeposited'")
                .hasMessageContaining("stream '" + v4.streamId() + "'")
                .hasMessageContaining("version 1 (position " + v4.position() + ")")
                .hasMessageContaining("stored at schema version 4")
                .hasMessageContaining("knows version 3 at most");
    }

    @Test
    void aMissingUpcasterIsAClearError() {
        EventTypes types = EventTypes.builder()
                .registerSealed(AccountEvent.class)
                .upcast("MoneyDeposited", 2, json -> json.put("channel", "branch"))
                .build();
        RecordedEvent v1 = roundTrip(raw("MoneyDeposited", "{\"accountId\":\"42\",\"amount\":1}", "{}"));

        assertThatThrownBy(() -> types.decode(v1))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("no upcaster from schema version 1 to 2");
    }

    @Test
    void aFailingUpcasterIsNamedWithTheEvent() {
        EventTypes types = EventTypes.builder()
                .register(Withdrawn.class, "Withdrawn", 2)
                .upcast("Withdrawn", 1, json -> {
                    throw new IllegalStateException("cannot guess the amount");
                })
                .build();
        RecordedEvent v1 = roundTrip(raw("Withdrawn", "{\"accountId\":\"42\"}", "{}"));

        assertThatThrownBy(() -> types.decode(v1))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("upcaster from schema version 1 to 2 failed")
                .hasMessageContaining("cannot guess the amount")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void derivesTagsFromTheEvent() {
        EventTypes types = accountTypes().build();

        EventData data = types.encode(new Withdrawn("42", BigDecimal.TEN));

        assertThat(data.tags()).containsExactly("account:42");
    }

    @Test
    void registeredTypesWithoutATagFunctionCarryNoTags() {
        EventTypes types = EventTypes.builder().register(Other.class, "Other", 1).build();

        assertThat(types.encode(new Other("x")).tags()).isEmpty();
    }

    @Test
    void theStoresDeleteMarkersDecodeAsEmptyUnlessRegistered() {
        EventTypes types = accountTypes().build();
        RecordedEvent deleted = marker(false);
        RecordedEvent tombstoned = marker(true);
        assertThat(deleted.type()).isEqualTo(dev.eventstore.StreamLifecycle.STREAM_DELETED);
        assertThat(tombstoned.type()).isEqualTo(dev.eventstore.StreamLifecycle.STREAM_TOMBSTONED);

        assertThat(types.decode(deleted)).isEmpty();
        assertThat(types.decode(tombstoned)).isEmpty();
        assertThatThrownBy(() -> types.decode(roundTrip(EventData.of("StreamDeleted", "{}"))))
                .as("only the store's own $ types").isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void anUnknownTypeFailsNamingTheTypeAndPosition() {
        EventTypes types = accountTypes().build();
        RecordedEvent unknown = roundTrip(EventData.of("SomethingElse", "{}"));

        assertThatThrownBy(() -> types.decode(unknown))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'SomethingElse'")
                .hasMessageContaining("position " + unknown.position())
                .hasMessageContaining("stream '" + unknown.streamId() + "'")
                .satisfies(e -> {
                    UnknownEventTypeException error = (UnknownEventTypeException) e;
                    assertThat(error.type()).isEqualTo("SomethingElse");
                    assertThat(error.position()).isEqualTo(unknown.position());
                    assertThat(error.streamId()).isEqualTo(unknown.streamId());
                    assertThat(error.version()).isEqualTo(1);
                });
    }

    @Test
    void anUnknownTypeIsSkippedByOption() {
        EventTypes types = accountTypes().skipUnknownTypes(true).build();
        RecordedEvent unknown = roundTrip(EventData.of("SomethingElse", "{}"));

        assertThat(types.skipsUnknownTypes()).isTrue();
        assertThat(types.decode(unknown)).isEmpty();
    }

    @Test
    void dataThatDoesNotFitTheClassNamesStreamVersionAndType() {
        EventTypes types = accountTypes().build();
        RecordedEvent bad = roundTrip(raw("Withdrawn", "{\"accountId\":\"42\",\"amount\":\"lots\"}", "{}"));

        assertThatThrownBy(() -> types.decode(bad))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("'Withdrawn'")
                .hasMessageContaining("stream '" + bad.streamId() + "' at version 1")
                .hasMessageContaining("does not fit " + Withdrawn.class.getName());
    }

    @Test
    void aMissingFieldIsAnErrorNotANull() {
        EventTypes types = accountTypes().build();
        RecordedEvent missing = roundTrip(raw("Withdrawn", "{\"accountId\":\"42\"}", "{}"));

        assertThatThrownBy(() -> types.decode(missing)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void anUnknownFieldIsAnError() {
        EventTypes types = accountTypes().build();
        RecordedEvent extra = roundTrip(raw("Withdrawn", "{\"accountId\":\"42\",\"amount\":1,\"memo\":\"x\"}", "{}"));

        assertThatThrownBy(() -> types.decode(extra)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("memo");
    }

    @Test
    void aBadSchemaVersionInTheMetadataIsAnError() {
        EventTypes types = accountTypes().build();
        RecordedEvent bad = roundTrip(raw("Withdrawn", "{\"accountId\":\"42\",\"amount\":1}",
                "{\"$schemaVersion\":\"two\"}"));

        assertThatThrownBy(() -> types.decode(bad)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("bad schema version");
    }

    @Test
    void decodingAsAnotherClassIsAnError() {
        EventTypes types = accountTypes().register(Other.class, "Other", 1).build();
        RecordedEvent other = roundTrip(types.encode(new Other("x")));

        assertThatThrownBy(() -> types.decode(other, AccountEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("registered for " + Other.class.getName())
                .hasMessageContaining("not a " + AccountEvent.class.getName());
    }

    @Test
    void decodesMetadata() {
        EventTypes types = accountTypes().build();
        RecordedEvent recorded = roundTrip(types.encode(new Withdrawn("42", BigDecimal.ONE),
                EventMetadata.forCommand("cmd-7", "conv-1").withEntry("user", "alice")));

        TypedEvent<AccountEvent> decoded = types.decode(recorded, AccountEvent.class).orElseThrow();

        assertThat(decoded.metadata()).isEqualTo(EventMetadata.forCommand("cmd-7", "conv-1").withEntry("user", "alice"));
        assertThat(decoded.streamId()).isEqualTo(recorded.streamId());
        assertThat(decoded.version()).isEqualTo(1);
        assertThat(decoded.position()).isEqualTo(recorded.position());
    }

    @Test
    void encodingAnUnregisteredClassIsRejected() {
        EventTypes types = accountTypes().build();

        assertThatThrownBy(() -> types.encode(new Other("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Other.class.getName())
                .hasMessageContaining("not registered");
        assertThatThrownBy(() -> types.encode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event");
    }

    @Test
    void batchHandlerPassesOverOtherFamiliesAndDecodesItsOwn() throws Exception {
        EventTypes types = accountTypes().register(Other.class, "Other", 1).build();
        List<RecordedEvent> batch = List.of(roundTrip(types.encode(new Other("x"))),
                roundTrip(types.encode(new Withdrawn("42", BigDecimal.ONE))));
        List<AccountEvent> seen = new ArrayList<>();

        types.batchHandler(AccountEvent.class, e -> seen.add(e.event())).handle(batch);

        assertThat(seen).containsExactly(new Withdrawn("42", BigDecimal.ONE));
    }

    @Test
    void aCallersMapperIsCopiedNotChanged() {
        ObjectMapper theirs = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        EventTypes types = accountTypes().objectMapper(theirs).build();

        EventData data = types.encode(new Opened("42", "J", LocalDate.of(2024, 1, 2), Instant.EPOCH));

        assertThat(data.data()).contains("\"account_id\":\"42\"").contains("\"opened_on\":\"2024-01-02\"");
        assertThat(types.decode(roundTrip(data)).orElseThrow().event())
                .isEqualTo(new Opened("42", "J", LocalDate.of(2024, 1, 2), Instant.EPOCH));
        assertThat(theirs.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)).isFalse();
        assertThat(theirs.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).isTrue();
        assertThat(theirs.getRegisteredModuleIds()).isEmpty();
    }

    @Test
    void theMapperHandedOutIsACopy() {
        EventTypes types = accountTypes().build();

        types.objectMapper().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        assertThat(types.encode(new Opened("42", "J", LocalDate.of(2024, 1, 2), Instant.EPOCH)).data())
                .contains("\"2024-01-02\"");
    }

    @Test
    void rejectsTwoClassesUnderOneName() {
        EventTypes.Builder builder = EventTypes.builder().register(Withdrawn.class, "Moved", 1);

        assertThatThrownBy(() -> builder.register(Other.class, "Moved", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type name 'Moved' is registered already")
                .hasMessageContaining(Withdrawn.class.getName());
    }

    @Test
    void rejectsOneClassUnderTwoNames() {
        EventTypes.Builder builder = EventTypes.builder().register(Withdrawn.class, "Withdrawn", 1);

        assertThatThrownBy(() -> builder.register(Withdrawn.class, "Withdrawal", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Withdrawn.class.getName() + " is registered already");
        assertThatThrownBy(() -> builder.registerSealed(AccountEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered already");
    }

    @Test
    void rejectsBadRegistrations() {
        assertThatThrownBy(() -> EventTypes.builder().register(Withdrawn.class, " ", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> EventTypes.builder().register(Withdrawn.class, "W", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version must be at least 1, was: 0");
        assertThatThrownBy(() -> EventTypes.builder().register(AccountEvent.class, "A", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concrete class");
        assertThatThrownBy(() -> EventTypes.builder().registerSealed(Other.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sealed");
        assertThatThrownBy(() -> EventTypes.builder().register(null, "A", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventClass must not be null");
        assertThatThrownBy(() -> EventTypes.builder().register(Withdrawn.class, "W", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags must not be null");
    }

    @Test
    void rejectsUpcastersThatLeadNowhere() {
        assertThatThrownBy(() -> EventTypes.builder().register(Withdrawn.class, "Withdrawn", 2)
                .upcast("Withdrawal", 1, json -> json).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type 'Withdrawal', which is not registered");
        assertThatThrownBy(() -> EventTypes.builder().register(Withdrawn.class, "Withdrawn", 2)
                .upcast("Withdrawn", 2, json -> json).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from version 2")
                .hasMessageContaining("current version is 2");
        assertThatThrownBy(() -> EventTypes.builder().upcast("Withdrawn", 1, json -> json).upcast("Withdrawn", 1,
                json -> json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered already");
        assertThatThrownBy(() -> EventTypes.builder().upcast("Withdrawn", 0, json -> json))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromVersion must be at least 1");
    }

    @Test
    void rejectsAMapperForAnotherFormat() {
        ObjectMapper notJson = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactory() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getFormatName() {
                return "YAML";
            }
        });

        assertThatThrownBy(() -> EventTypes.builder().objectMapper(notJson))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must write JSON");
    }
}
