package dev.eventstore.typed;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Uuids;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of typed events and their codec: which Java class is stored under which type name and
 * schema version, which tags each event carries, how older versions are upcast, and how Jackson
 * writes and reads them. Built once with {@link #builder()}, checked when built, immutable and safe
 * for concurrent use after.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.builder()
 *         .register(AccountOpened.class, "AccountOpened", 1, e -> Set.of("account:" + e.accountId()))
 *         .register(MoneyDeposited.class, "MoneyDeposited", 2, e -> Set.of("account:" + e.accountId()))
 *         .upcast("MoneyDeposited", 1, json -> json.put("currency", "EUR"))
 *         .build();
 * EventData data = types.encode(new MoneyDeposited("42", new BigDecimal("10.00"), "EUR"),
 *         EventMetadata.forCommand(requestId));
 * }</pre>
 *
 * <h2>JSON</h2>
 * Records, {@code java.time} values and {@link java.math.BigDecimal} round-trip exactly:
 * <ul>
 *   <li>{@code BigDecimal} is never read through {@code double}: {@code 0.10} comes back as
 *       {@code 0.10}, scale included, also through upcasters. It is written in plain notation, so a
 *       negative scale ({@code 1E+3}) comes back as the same number at scale 0 ({@code 1000}), as a
 *       PostgreSQL {@code jsonb} column would return it anyway.</li>
 *   <li>Dates and times are ISO-8601 strings, never timestamps; offsets and zone ids are kept, not
 *       adjusted to UTC.</li>
 *   <li>With the default mapper, reading fails on unknown properties, on a missing record component
 *       and on a null for a primitive: a record that changed shape without a new schema version and
 *       an upcaster fails loudly instead of being filled with defaults.</li>
 * </ul>
 * A mapper of the caller's ({@link Builder#objectMapper(ObjectMapper)}) is copied, never changed; the
 * copy gets the exactness settings above but keeps the caller's strictness settings. On the module
 * path, the packages holding event records must be open to {@code com.fasterxml.jackson.databind}.
 *
 * <h2>Schema versions</h2>
 * {@link #encode} writes the class's registered version into the metadata under
 * {@value EventMetadata#SCHEMA_VERSION_KEY}; an event without it reads as version 1. On read, an event
 * stored at an older version runs the registered {@link Upcaster upcasters} in order (v1&rarr;v2&rarr;v3);
 * one stored at a newer version than registered fails: this application cannot know its shape.
 *
 * <h2>Personal data (crypto-shredding)</h2>
 * Record components marked {@link PersonalData} are encrypted with their subject's key from the
 * {@link Builder#subjectKeys key store} before the event leaves {@link #encode}: the store never sees
 * them in plain text. {@link #decode} decrypts them; once {@link SubjectKeyStore#forget} deleted the
 * subject's key, it returns the event with those components redacted (a placeholder text for strings,
 * null or a primitive's default otherwise), never an exception. Upcasters see the decrypted JSON.
 * Snapshots written with {@link #objectMapper()} are not encrypted: an aggregate whose state holds
 * personal data should not be snapshotted, or its snapshots deleted when a subject is forgotten.
 *
 * <h2>Unknown types</h2>
 * Decoding an event whose type name is not registered throws {@link UnknownEventTypeException}
 * naming the type, stream, version and position. With {@link Builder#skipUnknownTypes(boolean)} such
 * events are skipped instead, each with a warning in the log: for readers that share a stream or
 * category with events they do not care about.
 *
 * <p>Types starting with {@code $} belong to the store: the markers of
 * {@link dev.eventstore.StreamLifecycle} ({@code $StreamDeleted}, {@code $StreamTombstoned}) that a
 * category's or the log's readers meet after a stream is deleted. Unless registered, they decode as
 * empty, without a warning, whatever {@link Builder#skipUnknownTypes(boolean)} says: a typed projection
 * keeps running past a delete, and one that cares reads {@link RecordedEvent#type()} before decoding.
 */
public final class EventTypes {

    private static final Logger LOG = LoggerFactory.getLogger(EventTypes.class);

    private final ObjectMapper mapper;
    private final Map<Class<?>, Registration> byClass;
    private final Map<String, Registration> byName;
    private final boolean skipUnknownTypes;
    private final SubjectKeyStore subjectKeys;
    private final PersonalDataCodec personalData;

    private EventTypes(Builder builder, Map<String, Map<Integer, Upcaster>> upcasters) {
        this.mapper = configure(builder.mapper);
        this.subjectKeys = builder.subjectKeys;
        this.personalData = new PersonalDataCodec(builder.subjectKeys, mapper);
        Map<Class<?>, Registration> classes = new LinkedHashMap<>();
        Map<String, Registration> names = new TreeMap<>();
        for (Registration registration : builder.registrations.values()) {
            Registration complete = registration.withUpcasters(upcasters.getOrDefault(registration.name, Map.of()));
            classes.put(complete.type, complete);
            names.put(complete.name, complete);
        }
        this.byClass = Collections.unmodifiableMap(classes);
        this.byName = Collections.unmodifiableMap(names);
        this.skipUnknownTypes = builder.skipUnknownTypes;
    }

    /** @return a builder with no types, the default mapper, and unknown types failing reads */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------- encoding

    /**
     * Encodes an event with no metadata but its schema version; see
     * {@link #encode(Object, EventMetadata)}.
     *
     * @param event an instance of a registered class
     * @return the event to append, with a new time-ordered id
     * @throws IllegalArgumentException if {@code event} is null, its class is not registered, it
     *     cannot be written as JSON, or its tags are invalid
     */
    public EventData encode(Object event) {
        return encode(event, EventMetadata.empty());
    }

    /**
     * Encodes an event: its registered type name, its data as JSON, the metadata with the schema
     * version added, and the tags its type derives from it. The class must be registered itself;
     * a subclass of a registered class is not accepted, because it would not read back as itself.
     *
     * @param event an instance of a registered class
     * @param metadata the ids and entries to carry
     * @return the event to append, with a new time-ordered id (replace it with
     *     {@link EventData#withId} for an idempotent retry)
     * @throws IllegalArgumentException if an argument is null, the event's class is not registered,
     *     the event cannot be written as JSON, or its tags are invalid
     */
    public EventData encode(Object event, EventMetadata metadata) {
        Args.notNull("event", event);
        Args.notNull("metadata", metadata);
        Registration registration = byClass.get(event.getClass());
        if (registration == null) {
            throw new IllegalArgumentException("event class " + event.getClass().getName()
                    + " is not registered; registered classes: " + classNames());
        }
        String data;
        try {
            if (registration.personal == null) {
                data = mapper.writeValueAsString(event);
            } else {
                ObjectNode tree = mapper.valueToTree(event);
                personalData.protect(event, tree, registration.personal);
                data = mapper.writeValueAsString(tree);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("event of class " + event.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
        ObjectNode meta = metadata.toJsonObject();
        meta.put(EventMetadata.SCHEMA_VERSION_KEY, registration.version);
        return new EventData(Uuids.v7(), registration.name, data, meta.toString(), registration.tagsOf(event));
    }

    /**
     * Encodes several events with the same metadata, in order.
     *
     * @param events instances of registered classes
     * @param metadata the ids and entries every event carries
     * @return the events to append, each with a new id
     * @throws IllegalArgumentException as {@link #encode(Object, EventMetadata)}, or if the list is
     *     null or holds null
     */
    public List<EventData> encodeAll(List<?> events, EventMetadata metadata) {
        Args.noNulls("events", events);
        List<EventData> encoded = new ArrayList<>(events.size());
        for (Object event : events) {
            encoded.add(encode(event, metadata));
        }
        return encoded;
    }

    // ------------------------------------------------------------------------------- decoding

    /**
     * Decodes a recorded event into its registered class; see {@link #decode(RecordedEvent, Class)}.
     *
     * @param recorded the event as recorded
     * @return the decoded event; empty only if its type is unknown and unknown types are skipped
     * @throws IllegalArgumentException if {@code recorded} is null
     * @throws UnknownEventTypeException if its type is not registered and unknown types are not skipped
     * @throws EventDecodingException if it cannot be decoded
     */
    public Optional<TypedEvent<Object>> decode(RecordedEvent recorded) {
        return decode(recorded, Object.class);
    }

    /**
     * Decodes a recorded event into its registered class, upcasting it first if it was stored at an
     * older schema version.
     *
     * @param recorded the event as recorded
     * @param as the class the caller expects, for example the sealed interface of an aggregate's
     *     events
     * @param <E> the expected class
     * @return the decoded event; empty if its type is unknown and unknown types are skipped (a warning
     *     naming the event is logged), or if its type is one of the store's, starting with {@code $}, and
     *     not registered
     * @throws IllegalArgumentException if an argument is null
     * @throws UnknownEventTypeException if its type is not registered and unknown types are not skipped
     * @throws EventDecodingException if its type is registered for a class that is not an {@code as};
     *     its metadata is not a JSON object or holds a bad schema version; it was stored at a newer
     *     schema version than registered; an upcaster on the way is missing, fails or returns null; or
     *     its data does not fit the class. The message names the stream, version, position and type.
     */
    public <E> Optional<TypedEvent<E>> decode(RecordedEvent recorded, Class<E> as) {
        Args.notNull("recorded", recorded);
        Args.notNull("as", as);
        Registration registration = byName.get(recorded.type());
        if (registration == null) {
            if (recorded.type().startsWith("$")) {
                return Optional.empty();
            }
            if (skipUnknownTypes) {
                LOG.warn("Skipping the event of unknown type '{}' in stream '{}' at version {} (position {})",
                        recorded.type(), recorded.streamId(), recorded.version(), recorded.position());
                return Optional.empty();
            }
            throw new UnknownEventTypeException(recorded);
        }
        if (!as.isAssignableFrom(registration.type)) {
            throw new EventDecodingException(recorded, "its type is registered for " + registration.type.getName()
                    + ", which is not a " + as.getName(), null);
        }
        EventMetadata.Stored metadata;
        try {
            metadata = EventMetadata.readStored(mapper, recorded.metadata());
        } catch (IOException e) {
            throw new EventDecodingException(recorded, "its metadata is not JSON: " + e.getMessage(), e);
        }
        if (metadata == null) {
            throw new EventDecodingException(recorded, "its metadata is not a JSON object", null);
        }
        int stored = storedSchemaVersion(recorded, metadata.schemaVersion());
        Object value = registration.read(recorded, stored, mapper, personalData);
        return Optional.of(new TypedEvent<>(as.cast(value), metadata.metadata(), recorded));
    }

    /**
     * The recorded event with its personal data in plain JSON again: each encrypted value decrypted,
     * or, if its subject was forgotten, redacted as {@link PersonalData} describes (a value the event's
     * registered class does not mark at that place reads as null). For passing events on to readers
     * that hold no keys, such as a feed of integration events. No upcaster runs; an event without
     * encrypted values is returned as it is.
     *
     * @param recorded the event as recorded
     * @return it, with plain data
     * @throws IllegalArgumentException if {@code recorded} is null
     * @throws EventDecodingException if its data is not JSON, or an encrypted value is malformed or
     *     fails its authentication
     */
    public RecordedEvent reveal(RecordedEvent recorded) {
        Args.notNull("recorded", recorded);
        if (!PersonalDataCodec.mayHoldPersonalData(recorded.data())) {
            return recorded;
        }
        Registration registration = byName.get(recorded.type());
        try {
            JsonNode tree = personalData.reveal(recorded, mapper.readTree(recorded.data()));
            tree = personalData.redact(tree, registration == null ? null : registration.personal);
            return new RecordedEvent(recorded.id(), recorded.streamId(), recorded.version(), recorded.position(),
                    recorded.type(), mapper.writeValueAsString(tree), recorded.metadata(), recorded.tags(),
                    recorded.recordedAt());
        } catch (IOException e) {
            throw new EventDecodingException(recorded, "its data is not JSON: " + e.getMessage(), e);
        }
    }

    /** @return the key store of crypto-shredding; empty if none was given */
    public Optional<SubjectKeyStore> subjectKeys() {
        return Optional.ofNullable(subjectKeys);
    }

    /**
     * A batch handler for subscriptions and projections that decodes each event and hands those of
     * class {@code eventClass} to {@code handler}, in order. Events of registered types whose class is
     * not an {@code eventClass} are passed over without being decoded; unknown types fail the batch
     * (or are skipped, logged, if this registry skips them), as do events that cannot be decoded.
     *
     * @param eventClass the class of the events wanted, for example a sealed interface
     * @param handler receives them
     * @param <E> the class of the events wanted
     * @return a handler for {@link dev.eventstore.EventStore#subscribeBatches}
     * @throws IllegalArgumentException if an argument is null
     */
    public <E> EventBatchHandler batchHandler(Class<E> eventClass, TypedEventHandler<E> handler) {
        Args.notNull("eventClass", eventClass);
        Args.notNull("handler", handler);
        return events -> {
            for (RecordedEvent recorded : events) {
                Registration registration = byName.get(recorded.type());
                if (registration != null && !eventClass.isAssignableFrom(registration.type)) {
                    continue;
                }
                Optional<TypedEvent<E>> decoded = decode(recorded, eventClass);
                if (decoded.isPresent()) {
                    handler.handle(decoded.get());
                }
            }
        };
    }

    // ------------------------------------------------------------------------------- lookups

    /**
     * @param eventClass a registered class
     * @return the type name it is stored under
     * @throws IllegalArgumentException if {@code eventClass} is null or not registered
     */
    public String typeName(Class<?> eventClass) {
        return registration(eventClass).name;
    }

    /**
     * @param eventClass a registered class
     * @return its current schema version
     * @throws IllegalArgumentException if {@code eventClass} is null or not registered
     */
    public int schemaVersion(Class<?> eventClass) {
        return registration(eventClass).version;
    }

    /**
     * The type names of every registered class that is a {@code supertype}: what a
     * {@link dev.eventstore.QueryItem#types(String...)} for an aggregate's events needs.
     *
     * @param supertype a class or interface, {@code Object.class} for all
     * @return the matching type names, sorted; empty if none
     * @throws IllegalArgumentException if {@code supertype} is null
     */
    public Set<String> typeNames(Class<?> supertype) {
        Args.notNull("supertype", supertype);
        Set<String> names = new TreeSet<>();
        for (Registration registration : byName.values()) {
            if (supertype.isAssignableFrom(registration.type)) {
                names.add(registration.name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * @param typeName a type name as stored in {@link EventData#type()}
     * @return true if a class is registered under it
     */
    public boolean isRegistered(String typeName) {
        return typeName != null && byName.containsKey(typeName);
    }

    /** @return true if decoding skips unknown types instead of failing */
    public boolean skipsUnknownTypes() {
        return skipUnknownTypes;
    }

    /**
     * A copy of the mapper this registry writes and reads JSON with, configured as the class
     * description says; for other values that should be written the same way (aggregate snapshots).
     * Changing the copy does not affect this registry.
     *
     * @return a new copy of the configured mapper
     */
    public ObjectMapper objectMapper() {
        return mapper.copy();
    }

    /** @return the registered type names with their classes and versions, for logs */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("EventTypes[");
        String separator = "";
        for (Registration registration : byName.values()) {
            out.append(separator).append(registration.name).append(" v").append(registration.version).append('=')
                    .append(registration.type.getSimpleName());
            separator = ", ";
        }
        return out.append(']').toString();
    }

    private Registration registration(Class<?> eventClass) {
        Args.notNull("eventClass", eventClass);
        Registration registration = byClass.get(eventClass);
        if (registration == null) {
            throw new IllegalArgumentException("eventClass " + eventClass.getName()
                    + " is not registered; registered classes: " + classNames());
        }
        return registration;
    }

    private String classNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : byClass.keySet()) {
            names.add(type.getName());
        }
        return names.toString();
    }

    private static int storedSchemaVersion(RecordedEvent recorded, JsonNode version) {
        if (version == null || version.isNull()) {
            // Events appended without the typed layer carry no version: they are the first shape.
            return 1;
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new EventDecodingException(recorded, "its metadata holds a bad schema version under '"
                    + EventMetadata.SCHEMA_VERSION_KEY + "': " + version + " (expected a whole number from 1)", null);
        }
        return version.intValue();
    }

    /**
     * Copies (or creates) the mapper and applies the settings the class description promises.
     */
    static ObjectMapper configure(ObjectMapper base) {
        ObjectMapper mapper;
        if (base == null) {
            mapper = JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
        } else {
            mapper = base.copy();
        }
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        mapper.enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        // Decimals must never pass through double, neither into records nor into upcasters' trees;
        // and a tree must keep 0.10 as 0.10 (Jackson strips trailing zeros from tree decimals by default).
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
        return mapper;
    }

    // ------------------------------------------------------------------------------- registrations

    /** One registered class: immutable once the registry is built. */
    private static final class Registration {
        final Class<?> type;
        final String name;
        final int version;
        final Function<Object, ? extends Collection<String>> tags;
        /** From-version to the upcaster to the next version. */
        final Map<Integer, Upcaster> upcasters;
        /** Where its personal data is; null if it has none. */
        final PersonalDataCodec.Plan personal;

        Registration(Class<?> type, String name, int version, Function<Object, ? extends Collection<String>> tags,
                Map<Integer, Upcaster> upcasters) {
            this.type = type;
            this.name = name;
            this.version = version;
            this.tags = tags;
            this.upcasters = upcasters;
            this.personal = PersonalDataCodec.planOf(type);
        }

        Registration withUpcasters(Map<Integer, Upcaster> upcasters) {
            return new Registration(type, name, version, tags, Map.copyOf(upcasters));
        }

        Set<String> tagsOf(Object event) {
            if (tags == null) {
                return Set.of();
            }
            Collection<String> derived = tags.apply(event);
            if (derived == null) {
                return Set.of();
            }
            Set<String> copy = new LinkedHashSet<>();
            for (String tag : derived) {
                // Immutable collections throw on contains(null), so look at each element instead.
                if (tag == null) {
                    throw new IllegalArgumentException("the tags derived from an event of type '" + name
                            + "' hold null: " + derived);
                }
                copy.add(tag);
            }
            return copy;
        }

        Object read(RecordedEvent recorded, int stored, ObjectMapper mapper, PersonalDataCodec personalData) {
            if (stored > version) {
                throw new EventDecodingException(recorded, "it was stored at schema version " + stored
                        + ", but this application knows version " + version + " at most (class " + type.getName()
                        + "); it was written by a newer release", null);
            }
            Object value;
            try {
                if (PersonalDataCodec.mayHoldPersonalData(recorded.data())) {
                    JsonNode tree = personalData.reveal(recorded, mapper.readTree(recorded.data()));
                    if (stored != version) {
                        tree = upcast(recorded, stored, tree);
                    }
                    value = mapper.treeToValue(personalData.redact(tree, personal), type);
                } else if (stored == version) {
                    value = mapper.readValue(recorded.data(), type);
                } else {
                    value = mapper.treeToValue(upcast(recorded, stored, mapper.readTree(recorded.data())), type);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new EventDecodingException(recorded, "its data does not fit " + type.getName() + " at schema version "
                        + version + (stored == version ? "" : " (upcast from version " + stored + ")") + ": "
                        + e.getMessage(), e);
            }
            if (value == null) {
                throw new EventDecodingException(recorded, "its data is JSON null", null);
            }
            return value;
        }

        private JsonNode upcast(RecordedEvent recorded, int stored, JsonNode data) {
            JsonNode current = data;
            for (int from = stored; from < version; from++) {
                Upcaster upcaster = upcasters.get(from);
                if (upcaster == null) {
                    throw new EventDecodingException(recorded, "no upcaster from schema version " + from + " to "
                            + (from + 1) + " is registered (stored at version " + stored + ", current version "
                            + version + ")", null);
                }
                if (!(current instanceof ObjectNode object)) {
                    throw new EventDecodingException(recorded, "its data at schema version " + from
                            + " is not a JSON object, so it cannot be upcast: " + Args.quote(String.valueOf(current)),
                            null);
                }
                try {
                    current = upcaster.upcast(object);
                } catch (RuntimeException e) {
                    throw new EventDecodingException(recorded, "the upcaster from schema version " + from + " to "
                            + (from + 1) + " failed: " + e, e);
                }
                if (current == null) {
                    throw new EventDecodingException(recorded, "the upcaster from schema version " + from + " to "
                            + (from + 1) + " returned null", null);
                }
            }
            return current;
        }
    }

    /**
     * Builds {@link EventTypes}. Each call checks its own arguments at once and rejects a type name or
     * class registered twice; {@link #build()} checks that every upcaster belongs to a registered type
     * below its current version.
     */
    public static final class Builder {
        private final Map<Class<?>, Registration> registrations = new LinkedHashMap<>();
        private final Map<String, Class<?>> names = new HashMap<>();
        private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();
        private ObjectMapper mapper;
        private boolean skipUnknownTypes;
        private SubjectKeyStore subjectKeys;

        private Builder() {
        }

        /**
         * Registers a class under a type name and schema version, with no tags.
         *
         * @param eventClass a concrete class, typically a record
         * @param name the type name stored with its events: 1 to
         *     {@value EventData#MAX_TYPE_LENGTH} characters, no control characters, no unpaired surrogate
         * @param version its current schema version, from 1
         * @param <E> the class
         * @return this builder
         * @throws IllegalArgumentException if an argument is invalid, or the class or the name is
         *     registered already
         */
        public <E> Builder register(Class<E> eventClass, String name, int version) {
            return add(eventClass, name, version, null);
        }

        /**
         * Registers a class under a type name and schema version, with the tags it derives from each
         * event (for {@link dev.eventstore.Query queries} and append conditions).
         *
         * @param eventClass a concrete class, typically a record
         * @param name the type name stored with its events
         * @param version its current schema version, from 1
         * @param tags derives an event's tags, for example {@code e -> Set.of("account:" + e.accountId())};
         *     may return null or an empty collection for none
         * @param <E> the class
         * @return this builder
         * @throws IllegalArgumentException if an argument is invalid, or the class or the name is
         *     registered already
         */
        public <E> Builder register(Class<E> eventClass, String name, int version,
                Function<? super E, ? extends Collection<String>> tags) {
            return add(eventClass, name, version, Args.notNull("tags", tags));
        }

        /**
         * Registers a class under the name and version of its {@link EventType} annotation, or its
         * simple name at version 1 without one; no tags.
         *
         * @param eventClass a concrete class, typically a record
         * @param <E> the class
         * @return this builder
         * @throws IllegalArgumentException if the class is invalid or registered already, or its name is
         */
        public <E> Builder register(Class<E> eventClass) {
            Args.notNull("eventClass", eventClass);
            return add(eventClass, annotatedName(eventClass), annotatedVersion(eventClass), null);
        }

        /**
         * Registers every concrete permitted subclass of a sealed interface or class, recursively
         * through nested sealed types, each under the name and version of its {@link EventType}
         * annotation (or its simple name at version 1); no tags.
         *
         * @param sealedType a sealed interface or class
         * @param <E> its type
         * @return this builder
         * @throws IllegalArgumentException if {@code sealedType} is null or not sealed, a permitted
         *     subtype is abstract but not sealed (its subclasses cannot be listed), or a class or name
         *     is registered already
         */
        public <E> Builder registerSealed(Class<E> sealedType) {
            return addSealed(sealedType, null);
        }

        /**
         * Like {@link #registerSealed(Class)}, with one function deriving the tags of every event of
         * the sealed type.
         *
         * @param sealedType a sealed interface or class
         * @param tags derives an event's tags, for example {@code e -> Set.of("account:" + e.accountId())}
         * @param <E> its type
         * @return this builder
         * @throws IllegalArgumentException as {@link #registerSealed(Class)}, or if {@code tags} is null
         */
        public <E> Builder registerSealed(Class<E> sealedType, Function<? super E, ? extends Collection<String>> tags) {
            return addSealed(sealedType, Args.notNull("tags", tags));
        }

        /**
         * Registers an upcaster from schema version {@code fromVersion} of type {@code name} to
         * version {@code fromVersion + 1}. A type at version 3 that has events stored at version 1
         * needs the upcasters from 1 and from 2; a missing step fails the read of such an event.
         *
         * @param name a type name, registered by the time {@link #build()} is called
         * @param fromVersion the version whose JSON the upcaster reads, from 1
         * @param upcaster the upcaster
         * @return this builder
         * @throws IllegalArgumentException if an argument is invalid, or an upcaster from this version
         *     of this type is registered already
         */
        public Builder upcast(String name, int fromVersion, Upcaster upcaster) {
            Args.name("name", name, EventData.MAX_TYPE_LENGTH);
            Args.atLeast("fromVersion", fromVersion, 1);
            Args.notNull("upcaster", upcaster);
            Map<Integer, Upcaster> ofType = upcasters.computeIfAbsent(name, n -> new HashMap<>());
            if (ofType.containsKey(fromVersion)) {
                throw new IllegalArgumentException("an upcaster from version " + fromVersion + " of type '" + name
                        + "' is registered already");
            }
            ofType.put(fromVersion, upcaster);
            return this;
        }

        /**
         * Uses a copy of the caller's mapper (its modules, naming strategy, strictness), with the
         * exactness settings of {@link EventTypes} applied to the copy. The caller's mapper is not
         * changed.
         *
         * @param mapper a mapper for JSON
         * @return this builder
         * @throws IllegalArgumentException if {@code mapper} is null or writes a format other than JSON
         */
        public Builder objectMapper(ObjectMapper mapper) {
            Args.notNull("objectMapper", mapper);
            String format = mapper.getFactory().getFormatName();
            if (!"JSON".equals(format)) {
                throw new IllegalArgumentException("objectMapper must write JSON, was a mapper for " + format);
            }
            this.mapper = mapper;
            return this;
        }

        /**
         * @param skip true to skip events of unregistered types on read, each with a warning in the
         *     log; false (the default) to fail with {@link UnknownEventTypeException}
         * @return this builder
         */
        public Builder skipUnknownTypes(boolean skip) {
            this.skipUnknownTypes = skip;
            return this;
        }

        /**
         * The keys of crypto-shredding: {@link PersonalData} components are encrypted with their
         * subject's key on {@link #encode}, and decrypted (or, once the subject is forgotten, redacted)
         * on {@link #decode}. Required as soon as a registered class has personal data.
         *
         * @param keys where the subjects' keys live
         * @return this builder
         * @throws IllegalArgumentException if {@code keys} is null
         */
        public Builder subjectKeys(SubjectKeyStore keys) {
            this.subjectKeys = Args.notNull("subjectKeys", keys);
            return this;
        }

        /**
         * @return the registry
         * @throws IllegalArgumentException if an upcaster names a type that is not registered, or
         *     upcasts from a version at or above the type's registered version; if a class breaks the
         *     rules of {@link PersonalData}, or has personal data but no {@link #subjectKeys} were given
         */
        public EventTypes build() {
            for (Registration registration : registrations.values()) {
                if (registration.personal != null && subjectKeys == null) {
                    throw new IllegalArgumentException(registration.type.getName()
                            + " has @PersonalData components, so the registry needs subjectKeys(...) to encrypt them");
                }
            }
            Map<String, Map<Integer, Upcaster>> checked = new HashMap<>();
            for (Map.Entry<String, Map<Integer, Upcaster>> entry : upcasters.entrySet()) {
                Class<?> type = names.get(entry.getKey());
                if (type == null) {
                    throw new IllegalArgumentException("an upcaster is registered for type '" + entry.getKey()
                            + "', which is not registered; registered types: " + new TreeSet<>(names.keySet()));
                }
                int version = registrations.get(type).version;
                for (int from : entry.getValue().keySet()) {
                    if (from >= version) {
                        throw new IllegalArgumentException("an upcaster from version " + from + " of type '"
                                + entry.getKey() + "' is registered, but the type's current version is " + version
                                + ": upcasters lead from older versions to it");
                    }
                }
                checked.put(entry.getKey(), Map.copyOf(entry.getValue()));
            }
            return new EventTypes(this, checked);
        }

        @SuppressWarnings("unchecked")
        private <E> Builder add(Class<E> eventClass, String name, int version,
                Function<? super E, ? extends Collection<String>> tags) {
            Args.notNull("eventClass", eventClass);
            if (eventClass.isInterface() || Modifier.isAbstract(eventClass.getModifiers()) || eventClass.isPrimitive()
                    || eventClass.isArray() || eventClass.isEnum()) {
                throw new IllegalArgumentException("eventClass must be a concrete class such as a record, was: "
                        + eventClass.getName());
            }
            Args.name("name", name, EventData.MAX_TYPE_LENGTH);
            Args.atLeast("version", version, 1);
            if (registrations.containsKey(eventClass)) {
                throw new IllegalArgumentException("eventClass " + eventClass.getName()
                        + " is registered already, as type '" + registrations.get(eventClass).name + "'");
            }
            Class<?> holder = names.get(name);
            if (holder != null) {
                throw new IllegalArgumentException("type name '" + name + "' is registered already, for class "
                        + holder.getName() + "; it cannot also name " + eventClass.getName());
            }
            registrations.put(eventClass, new Registration(eventClass, name, version,
                    (Function<Object, ? extends Collection<String>>) (Function<?, ?>) tags, Map.of()));
            names.put(name, eventClass);
            return this;
        }

        private <E> Builder addSealed(Class<E> sealedType, Function<? super E, ? extends Collection<String>> tags) {
            Args.notNull("sealedType", sealedType);
            if (!sealedType.isSealed()) {
                throw new IllegalArgumentException("sealedType must be a sealed interface or class, was: "
                        + sealedType.getName());
            }
            Set<Class<?>> concrete = new LinkedHashSet<>();
            collectPermitted(sealedType, concrete);
            for (Class<?> type : concrete) {
                @SuppressWarnings("unchecked")
                Class<E> eventClass = (Class<E>) type;
                add(eventClass, annotatedName(type), annotatedVersion(type), tags);
            }
            return this;
        }

        private static void collectPermitted(Class<?> sealedType, Set<Class<?>> out) {
            for (Class<?> sub : sealedType.getPermittedSubclasses()) {
                boolean isAbstract = sub.isInterface() || Modifier.isAbstract(sub.getModifiers());
                if (sub.isSealed()) {
                    collectPermitted(sub, out);
                } else if (isAbstract) {
                    throw new IllegalArgumentException(sub.getName() + ", permitted by " + sealedType.getName()
                            + ", is abstract and not sealed, so its subclasses cannot be listed; register them one by one");
                }
                if (!isAbstract) {
                    out.add(sub);
                }
            }
        }

        private static String annotatedName(Class<?> type) {
            EventType annotation = type.getAnnotation(EventType.class);
            return annotation == null || annotation.name().isEmpty() ? type.getSimpleName() : annotation.name();
        }

        private static int annotatedVersion(Class<?> type) {
            EventType annotation = type.getAnnotation(EventType.class);
            return annotation == null ? 1 : annotation.version();
        }
    }
}
