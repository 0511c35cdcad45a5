package dev.eventstore.typed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an event carries besides its data: the id of the conversation it belongs to (correlation), the
 * id of the message that caused it (causation), and entries of the caller's own (user, tenant,
 * client ip). Immutable; {@code withX} methods return changed copies.
 *
 * <h2>How the ids flow</h2>
 * <ul>
 *   <li>Events decided on a command: {@link #forCommand(String)} (the command starts a conversation:
 *       command id = correlation = causation = the command's id) or {@link #forCommand(String, String)}
 *       (the command continues one). The command id makes the command idempotent.</li>
 *   <li>Events a policy issues in reaction to an event: {@link #causedBy(RecordedEvent)}: causation =
 *       that event's id, correlation = that event's correlation id (or its id if it had none).</li>
 * </ul>
 *
 * <h2>Stored form</h2>
 * One JSON object in {@link dev.eventstore.EventData#metadata()}: {@value #CORRELATION_ID_KEY},
 * {@value #CAUSATION_ID_KEY}, {@value #COMMAND_ID_KEY} and {@value #COMMAND_HASH_KEY} (strings, absent
 * when unset), {@value #SCHEMA_VERSION_KEY} (written by
 * {@link EventTypes}), and each entry of the caller's own as a string member. Keys starting with
 * {@code $} are reserved for the library; entries may not use them.
 */
public final class EventMetadata {

    /** The metadata key of the correlation id. */
    public static final String CORRELATION_ID_KEY = "$correlationId";
    /** The metadata key of the causation id. */
    public static final String CAUSATION_ID_KEY = "$causationId";
    /**
     * The metadata key of the id of the command the event was decided on: a command sent again with
     * the same id is recognised by it (see {@link dev.eventstore.aggregate.CommandHandler}).
     */
    public static final String COMMAND_ID_KEY = "$commandId";
    /**
     * The metadata key of a fingerprint of the command the event was decided on, so that the same
     * command id sent with a different command is told apart from a retry.
     */
    public static final String COMMAND_HASH_KEY = "$commandHash";
    /** The metadata key of the event data's schema version, written by {@link EventTypes}. */
    public static final String SCHEMA_VERSION_KEY = "$schemaVersion";
    /** The longest id or entry key, in characters. */
    public static final int MAX_KEY_LENGTH = 200;

    private static final EventMetadata EMPTY = new EventMetadata(null, null, null, null, Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String correlationId;
    private final String causationId;
    private final String commandId;
    private final String commandHash;
    private final Map<String, String> entries;

    private EventMetadata(String correlationId, String causationId, String commandId, String commandHash,
            Map<String, String> entries) {
        this.correlationId = correlationId;
        this.causationId = causationId;
        this.commandId = commandId;
        this.commandHash = commandHash;
        this.entries = entries;
    }

    /** @return metadata with no ids and no entries */
    public static EventMetadata empty() {
        return EMPTY;
    }

    /**
     * Metadata for the events of a command that starts a conversation: the command's id is its
     * command id, the correlation id and the causation id. A {@link dev.eventstore.aggregate.CommandHandler}
     * handles a command with a command id once: sent again, it returns the first result.
     *
     * @param commandId the command's id, for example a request id
     * @return the metadata
     * @throws IllegalArgumentException if {@code commandId} is null, blank, too long or holds control
     *     characters
     */
    public static EventMetadata forCommand(String commandId) {
        return forCommand(commandId, commandId);
    }

    /**
     * Metadata for the events of a command that continues a conversation: the command's id is its
     * command id and the causation id.
     *
     * @param commandId the command's id: the events' causation id
     * @param correlationId the conversation's id, carried by the command
     * @return the metadata
     * @throws IllegalArgumentException if an id is null, blank, too long or holds control characters or
     *     an unpaired surrogate
     */
    public static EventMetadata forCommand(String commandId, String correlationId) {
        String id = id("commandId", commandId);
        return new EventMetadata(id("correlationId", correlationId), id, id, null, Map.of());
    }

    /**
     * Metadata for events issued in reaction to {@code cause} (by a policy, a process manager):
     * causation = its id, correlation = its correlation id, or its id when it has none. The cause's
     * own entries are not copied, and there is no command id: add one with {@link #withCommandId} to
     * make the command idempotent.
     *
     * @param cause the event reacted to
     * @return the metadata
     * @throws IllegalArgumentException if {@code cause} is null or its metadata is not a JSON object
     */
    public static EventMetadata causedBy(RecordedEvent cause) {
        Args.notNull("cause", cause);
        String causeId = cause.id().toString();
        String correlation = fromJson(cause.metadata()).correlationId().orElse(causeId);
        return new EventMetadata(correlation, causeId, null, null, Map.of());
    }

    /**
     * Reads metadata back from its stored form. Reserved keys other than the two ids are ignored;
     * members of the caller's that are not strings come back as their JSON text, and JSON nulls are
     * left out.
     *
     * @param json a JSON object, as in {@link RecordedEvent#metadata()}
     * @return the metadata
     * @throws IllegalArgumentException if {@code json} is null or not a JSON object
     */
    public static EventMetadata fromJson(String json) {
        Args.notNull("json", json);
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not valid JSON (" + e.getOriginalMessage() + "): "
                    + Args.quote(json), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("metadata must be a JSON object, was: " + Args.quote(json));
        }
        return fromTree(tree);
    }

    /** Reads metadata from a parsed JSON object; see {@link #fromJson(String)}. */
    static EventMetadata fromTree(JsonNode tree) {
        String correlation = text(tree.get(CORRELATION_ID_KEY));
        String causation = text(tree.get(CAUSATION_ID_KEY));
        String command = text(tree.get(COMMAND_ID_KEY));
        String hash = text(tree.get(COMMAND_HASH_KEY));
        Map<String, String> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            String value = text(field.getValue());
            if (!field.getKey().startsWith("$") && value != null) {
                entries.put(field.getKey(), value);
            }
        }
        return new EventMetadata(correlation, causation, command, hash, Collections.unmodifiableMap(entries));
    }

    /**
     * Metadata as stored, read in one pass: the entries, and the schema version's node if present.
     *
     * @param metadata the entries
     * @param schemaVersion the value stored under {@value #SCHEMA_VERSION_KEY}, or null if absent or
     *     JSON null
     */
    record Stored(EventMetadata metadata, JsonNode schemaVersion) {
    }

    /**
     * Reads stored metadata without building a tree of it: decoding reads the metadata of every event,
     * and the usual few string entries need none. Gives the same result as {@link #fromTree}.
     *
     * @param mapper the mapper whose parser settings to use
     * @param json the stored metadata
     * @return the metadata, or null if {@code json} is not a JSON object
     * @throws IOException if {@code json} is not JSON
     */
    static Stored readStored(ObjectMapper mapper, String json) throws IOException {
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String correlation = null;
            String causation = null;
            String command = null;
            String hash = null;
            JsonNode schemaVersion = null;
            Map<String, String> entries = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals(SCHEMA_VERSION_KEY)) {
                    schemaVersion = token == JsonToken.VALUE_NULL ? null : parser.readValueAsTree();
                    continue;
                }
                String value = token == JsonToken.VALUE_STRING ? parser.getText()
                        : token == JsonToken.VALUE_NULL ? null : text(parser.readValueAsTree());
                if (name.equals(CORRELATION_ID_KEY)) {
                    correlation = value;
                } else if (name.equals(CAUSATION_ID_KEY)) {
                    causation = value;
                } else if (name.equals(COMMAND_ID_KEY)) {
                    command = value;
                } else if (name.equals(COMMAND_HASH_KEY)) {
                    hash = value;
                } else if (!name.startsWith("$") && value != null) {
                    if (entries == null) {
                        entries = new TreeMap<>();
                    }
                    entries.put(name, value);
                } else if (!name.startsWith("$") && entries != null) {
                    // A later null hides an earlier value of the same key, as in a tree.
                    entries.remove(name);
                }
            }
            return new Stored(new EventMetadata(correlation, causation, command, hash,
                    entries == null ? Map.of() : Collections.unmodifiableMap(entries)), schemaVersion);
        }
    }

    /** @return the id of the conversation the event belongs to, if set */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return the id of the command or event that caused the event, if set */
    public Optional<String> causationId() {
        return Optional.ofNullable(causationId);
    }

    /**
     * @return the id of the command the event was decided on, if the command carried one: events of
     *     one command id are that command's, once
     */
    public Optional<String> commandId() {
        return Optional.ofNullable(commandId);
    }

    /**
     * @return the fingerprint of the command the event was decided on, if the command handler recorded
     *     one: a digest of the command's class and JSON form
     */
    public Optional<String> commandHash() {
        return Optional.ofNullable(commandHash);
    }

    /** @return the caller's own entries, sorted by key; unmodifiable */
    public Map<String, String> entries() {
        return entries;
    }

    /**
     * @param key an entry key
     * @return the entry's value, if present
     */
    public Optional<String> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * @param correlationId the conversation's id
     * @return a copy with this correlation id
     * @throws IllegalArgumentException if the id is null, blank, too long or holds control characters or
     *     an unpaired surrogate
     */
    public EventMetadata withCorrelationId(String correlationId) {
        return new EventMetadata(id("correlationId", correlationId), causationId, commandId, commandHash, entries);
    }

    /**
     * @param causationId the id of the causing command or event
     * @return a copy with this causation id
     * @throws IllegalArgumentException if the id is null, blank, too long or holds control characters or
     *     an unpaired surrogate
     */
    public EventMetadata withCausationId(String causationId) {
        return new EventMetadata(correlationId, id("causationId", causationId), commandId, commandHash, entries);
    }

    /**
     * @param commandId the id of the command the events are decided on: the key by which a command
     *     sent again is recognised
     * @return a copy with this command id
     * @throws IllegalArgumentException if the id is null, blank, too long or holds control characters
     */
    public EventMetadata withCommandId(String commandId) {
        return new EventMetadata(correlationId, causationId, id("commandId", commandId), commandHash, entries);
    }

    /**
     * @param commandHash the fingerprint of the command the events are decided on; the command handler
     *     sets it
     * @return a copy with this fingerprint
     * @throws IllegalArgumentException if the fingerprint is null, blank, too long or holds control
     *     characters
     */
    public EventMetadata withCommandHash(String commandHash) {
        return new EventMetadata(correlationId, causationId, commandId, id("commandHash", commandHash), entries);
    }

    /**
     * @param key the entry's key: not blank, at most {@value #MAX_KEY_LENGTH} characters, not starting
     *     with {@code $}
     * @param value the entry's value, not null
     * @return a copy with this entry added or replaced
     * @throws IllegalArgumentException if the key or value is invalid
     */
    public EventMetadata withEntry(String key, String value) {
        Map<String, String> copy = new TreeMap<>(entries);
        copy.put(key(key), Args.notNull("value", value));
        return new EventMetadata(correlationId, causationId, commandId, commandHash, Collections.unmodifiableMap(copy));
    }

    /**
     * @param entries entries to add, replacing those with the same keys
     * @return a copy with these entries added
     * @throws IllegalArgumentException if a key or value is invalid
     */
    public EventMetadata withEntries(Map<String, String> entries) {
        Args.notNull("entries", entries);
        Map<String, String> copy = new TreeMap<>(this.entries);
        entries.forEach((key, value) -> copy.put(key(key), Args.notNull("value of entry '" + key + "'", value)));
        return new EventMetadata(correlationId, causationId, commandId, commandHash, Collections.unmodifiableMap(copy));
    }

    /** @return this metadata as a JSON object, without a schema version */
    public String toJson() {
        return toJsonObject().toString();
    }

    /** @return this metadata as a new JSON object node the caller may change */
    ObjectNode toJsonObject() {
        ObjectNode node = JSON.createObjectNode();
        if (correlationId != null) {
            node.put(CORRELATION_ID_KEY, correlationId);
        }
        if (causationId != null) {
            node.put(CAUSATION_ID_KEY, causationId);
        }
        if (commandId != null) {
            node.put(COMMAND_ID_KEY, commandId);
        }
        if (commandHash != null) {
            node.put(COMMAND_HASH_KEY, commandHash);
        }
        entries.forEach(node::put);
        return node;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventMetadata that && Objects.equals(correlationId, that.correlationId)
                && Objects.equals(causationId, that.causationId) && Objects.equals(commandId, that.commandId)
                && Objects.equals(commandHash, that.commandHash) && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(correlationId, causationId, commandId, commandHash, entries);
    }

    /** @return the ids and entries, for logs */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("correlationId", correlationId);
        shown.put("causationId", causationId);
        if (commandId != null) {
            shown.put("commandId", commandId);
        }
        return "EventMetadata" + shown + entries;
    }

    private static String id(String name, String value) {
        return Args.name(name, value, MAX_KEY_LENGTH);
    }

    private static String key(String key) {
        Args.name("entry key", key, MAX_KEY_LENGTH);
        if (key.startsWith("$")) {
            throw new IllegalArgumentException("entry key must not start with '$' (reserved for the library), was: "
                    + Args.quote(key));
        }
        return key;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
