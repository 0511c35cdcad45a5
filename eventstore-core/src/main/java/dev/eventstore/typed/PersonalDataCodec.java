package dev.eventstore.typed;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.RecordedEvent;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts the {@link PersonalData} components of events and decrypts or redacts them on read.
 *
 * <p>An encrypted value replaces the component's JSON in the stored data with an object
 * <pre>{"$personal":1,"subject":"customer-42","key":"9f2c...","value":"&lt;base64 of nonce and ciphertext&gt;"}</pre>
 * so stored data says by itself what is encrypted under which key: reads find such objects anywhere in
 * the tree, before upcasters run, whatever the class's components are now. The cipher is AES-GCM with
 * a random 96-bit nonce per value and a 128-bit tag; the subject and key id are its associated data, so
 * a value cannot be moved to another subject unnoticed.
 */
final class PersonalDataCodec {

    static final String MARKER = "$personal";
    private static final String FORGOTTEN = "$forgotten";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubjectKeyStore keys;
    private final ObjectMapper mapper;
    /** Each component's JSON property name under {@link #mapper}: renamed by annotations or a naming strategy. */
    private final Map<RecordComponent, String> jsonNames = new ConcurrentHashMap<>();

    PersonalDataCodec(SubjectKeyStore keys, ObjectMapper mapper) {
        this.keys = keys;
        this.mapper = mapper;
    }

    // ------------------------------------------------------------------------------- plans

    /** A personal component, the component naming its subject, and its placeholder. */
    record Field(RecordComponent component, RecordComponent subject, String placeholder) {
        String name() {
            return component.getName();
        }
    }

    /** Where a record's personal data is: its own components and those of nested records. */
    record Plan(List<Field> fields, Map<RecordComponent, Plan> nested) {
    }

    /**
     * @param type an event class
     * @return where its personal data is; null if it has none
     * @throws IllegalArgumentException if an annotation breaks the rules of {@link PersonalData}
     */
    static Plan planOf(Class<?> type) {
        return planOf(type, new HashSet<>());
    }

    private static Plan planOf(Class<?> type, Set<Class<?>> visiting) {
        if (!type.isRecord() || !visiting.add(type)) {
            return null;
        }
        try {
            List<Field> fields = new ArrayList<>();
            Map<RecordComponent, Plan> nested = new HashMap<>();
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent component : components) {
                PersonalData personal = component.getAnnotation(PersonalData.class);
                if (personal != null) {
                    RecordComponent subject = null;
                    for (RecordComponent candidate : components) {
                        if (candidate.getName().equals(personal.subject())) {
                            subject = candidate;
                        }
                    }
                    if (subject == null) {
                        throw new IllegalArgumentException(type.getName() + "." + component.getName()
                                + " is @PersonalData of subject '" + personal.subject() + "', which is not a component of "
                                + type.getSimpleName());
                    }
                    if (subject.isAnnotationPresent(PersonalData.class)) {
                        throw new IllegalArgumentException(type.getName() + "." + subject.getName()
                                + " names the subject of personal data, so it cannot be @PersonalData itself: "
                                + "it is the key's id and stays in plain text");
                    }
                    subject.getAccessor().trySetAccessible();
                    fields.add(new Field(component, subject, personal.placeholder()));
                } else {
                    Plan inner = planOf(component.getType(), visiting);
                    if (inner != null) {
                        component.getAccessor().trySetAccessible();
                        nested.put(component, inner);
                    }
                }
            }
            return fields.isEmpty() && nested.isEmpty() ? null : new Plan(List.copyOf(fields), Map.copyOf(nested));
        } finally {
            visiting.remove(type);
        }
    }

    // ------------------------------------------------------------------------------- writing

    /**
     * Replaces the personal components of {@code tree} (the JSON of {@code value}) by their encryption.
     *
     * @throws IllegalArgumentException if a subject is null
     */
    void protect(Object value, ObjectNode tree, Plan plan) {
        Map<String, SubjectKey> cache = new HashMap<>();
        protect(value, tree, plan, cache);
    }

    private void protect(Object value, ObjectNode tree, Plan plan, Map<String, SubjectKey> cache) {
        for (Field field : plan.fields()) {
            JsonNode plain = tree.get(jsonName(field.component()));
            if (plain == null) {
                checkAbsent(value, field.component());
                continue;
            }
            if (plain.isNull()) {
                continue;
            }
            Object subjectValue = access(field.subject(), value);
            if (subjectValue == null) {
                throw new IllegalArgumentException(value.getClass().getName() + "." + field.name()
                        + " is personal data of its '" + field.subject().getName() + "', which is null");
            }
            String subject = SubjectKeyStore.checkSubject(subjectValue.toString());
            SubjectKey key = cache.computeIfAbsent(subject, keys::keyFor);
            tree.set(jsonName(field.component()), encrypt(key, plain));
        }
        for (Map.Entry<RecordComponent, Plan> entry : plan.nested().entrySet()) {
            Object inner = access(entry.getKey(), value);
            JsonNode node = tree.get(jsonName(entry.getKey()));
            if (node == null) {
                checkAbsent(value, entry.getKey());
            } else if (inner != null && node instanceof ObjectNode object) {
                protect(inner, object, entry.getValue(), cache);
            }
        }
    }

    /**
     * A component that holds personal data but is not found under its property in the JSON (unwrapped
     * into its parent, or written by a custom serializer) would be stored in plain text: refused.
     *
     * @throws IllegalArgumentException if the component's value is not null
     */
    private static void checkAbsent(Object value, RecordComponent component) {
        if (access(component, value) != null) {
            throw new IllegalArgumentException(value.getClass().getName() + "." + component.getName()
                    + " holds @PersonalData, but the event's JSON has no property for it (unwrapped, ignored or "
                    + "written by a custom serializer), so it cannot be encrypted; keep it a plain JSON property");
        }
    }

    private ObjectNode encrypt(SubjectKey key, JsonNode plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(key.subject(), key.id()));
            sealed = cipher.doFinal(mapper.writeValueAsBytes(plain));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot encrypt personal data of subject '" + key.subject() + "': " + e, e);
        }
        ObjectNode marker = JsonNodeFactory.instance.objectNode();
        marker.put(MARKER, 1);
        marker.put("subject", key.subject());
        marker.put("key", key.id());
        marker.put("value", Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        return marker;
    }

    // ------------------------------------------------------------------------------- reading

    /** @return true if stored data may hold encrypted values: worth parsing as a tree */
    static boolean mayHoldPersonalData(String data) {
        return data.contains("\"" + MARKER + "\"");
    }

    /**
     * Replaces every encrypted value in the tree by its plain JSON, or by a marker of forgotten data when
     * its key is gone.
     *
     * @return the tree (a new root if the root itself was encrypted)
     * @throws EventDecodingException if a value is malformed or fails its authentication tag
     */
    JsonNode reveal(RecordedEvent recorded, JsonNode tree) {
        return reveal(recorded, tree, new HashMap<>());
    }

    private JsonNode reveal(RecordedEvent recorded, JsonNode node, Map<String, Optional<SubjectKey>> cache) {
        if (node instanceof ObjectNode object) {
            if (object.has(MARKER)) {
                return decrypt(recorded, object, cache);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                JsonNode revealed = reveal(recorded, entry.getValue(), cache);
                if (revealed != entry.getValue()) {
                    entry.setValue(revealed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode revealed = reveal(recorded, array.get(i), cache);
                if (revealed != array.get(i)) {
                    array.set(i, revealed);
                }
            }
        }
        return node;
    }

    private JsonNode decrypt(RecordedEvent recorded, ObjectNode marker, Map<String, Optional<SubjectKey>> cache) {
        String subject = marker.path("subject").asText("");
        String keyId = marker.path("key").asText("");
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(marker.path("value").asText(""));
        } catch (IllegalArgumentException e) {
            throw new EventDecodingException(recorded, "an encrypted personal value is not base64", e);
        }
        if (subject.isEmpty() || keyId.isEmpty() || packed.length <= NONCE_BYTES) {
            throw new EventDecodingException(recorded, "an encrypted personal value is malformed: " + marker.properties()
                    .stream().map(Map.Entry::getKey).toList(), null);
        }
        if (keys == null) {
            throw new EventDecodingException(recorded, "it holds personal data encrypted for subject '" + subject
                    + "', but its EventTypes has no SubjectKeyStore (EventTypes.Builder.subjectKeys)", null);
        }
        Optional<SubjectKey> key = cache.computeIfAbsent(subject, keys::find);
        if (key.isEmpty() || !key.get().id().equals(keyId)) {
            ObjectNode forgotten = JsonNodeFactory.instance.objectNode();
            forgotten.put(FORGOTTEN, true);
            return forgotten;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get().secretKey(), new GCMParameterSpec(TAG_BITS, packed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(subject, keyId));
            byte[] plain = cipher.doFinal(packed, NONCE_BYTES, packed.length - NONCE_BYTES);
            return mapper.readTree(plain);
        } catch (AEADBadTagException e) {
            throw new EventDecodingException(recorded, "an encrypted personal value of subject '" + subject
                    + "' fails its authentication: it was changed, or encrypted under another key", e);
        } catch (GeneralSecurityException | IOException e) {
            throw new EventDecodingException(recorded, "cannot decrypt personal data of subject '" + subject + "': " + e, e);
        }
    }

    /**
     * Replaces the marks of forgotten data: at a personal component of the class, by its placeholder;
     * anywhere else (data an upcaster moved, a class without the annotation), by null.
     */
    JsonNode redact(JsonNode tree, Plan plan) {
        if (plan != null && tree instanceof ObjectNode object) {
            for (Field field : plan.fields()) {
                String name = jsonName(field.component());
                if (isForgotten(object.get(name))) {
                    object.set(name, placeholder(field));
                }
            }
            for (Map.Entry<RecordComponent, Plan> entry : plan.nested().entrySet()) {
                JsonNode inner = object.get(jsonName(entry.getKey()));
                if (inner != null) {
                    redact(inner, entry.getValue());
                }
            }
        }
        return nullOutForgotten(tree);
    }

    /**
     * @return the name of the component's property in the JSON {@link #mapper} writes: the component's
     *     name unless an annotation ({@code @JsonProperty}) or the mapper's naming strategy renames it
     */
    private String jsonName(RecordComponent component) {
        return jsonNames.computeIfAbsent(component, c -> {
            BeanDescription description = mapper.getSerializationConfig()
                    .introspect(mapper.constructType(c.getDeclaringRecord()));
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (property.getInternalName().equals(c.getName())) {
                    return property.getName();
                }
            }
            return c.getName();
        });
    }

    private static JsonNode nullOutForgotten(JsonNode node) {
        if (isForgotten(node)) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                entry.setValue(nullOutForgotten(entry.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, nullOutForgotten(array.get(i)));
            }
        }
        return node;
    }

    private static boolean isForgotten(JsonNode node) {
        return node instanceof ObjectNode object && object.size() == 1 && object.path(FORGOTTEN).asBoolean(false);
    }

    private static JsonNode placeholder(Field field) {
        Class<?> type = field.component().getType();
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (type == String.class || type == CharSequence.class) {
            return json.textNode(field.placeholder());
        }
        if (type == boolean.class) {
            return json.booleanNode(false);
        }
        if (type == char.class) {
            return json.textNode("\u0000");
        }
        if (type.isPrimitive()) {
            return json.numberNode(0);
        }
        return json.nullNode();
    }

    private static byte[] associatedData(String subject, String keyId) {
        return (subject + '\u0000' + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static Object access(RecordComponent component, Object value) {
        try {
            return component.getAccessor().invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getDeclaringRecord().getName() + "."
                    + component.getName() + ": " + e, e);
        }
    }
}
