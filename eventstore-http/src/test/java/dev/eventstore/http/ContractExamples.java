package dev.eventstore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstore.EventData;
import dev.eventstore.RecordedEvent;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The published examples of a feed's contract, and the contract tests of both sides of the feed. Test
 * support, in eventstore-http's test-jar ({@code <type>test-jar</type>}, test scope).
 *
 * <p>A producer keeps one example per event type and schema version in a directory of its own, a file
 * {@code <Type>.v<version>.json} holding one feed entry as {@link FeedPublisher} serves it: {@code type},
 * {@code version}, {@code source}, {@code subject} and {@code data} ({@code sequence}, {@code position},
 * {@code id} and {@code time} may be left out).
 *
 * <pre>{@code
 * // The producer's test: what it publishes has the examples' shapes, and every example is published.
 * ContractExamples.in(Path.of("src/main/contract")).assertPublishes("payments", published);
 *
 * // A consumer's test: its own reader types decode every example of the types they read, every field
 * // filled. The producer's directory is read as a file path, not through a dependency on its code.
 * ContractExamples.in(Path.of("../payments/src/main/contract")).assertReads(PaymentsFeed.TYPES);
 * }</pre>
 *
 * A field that the producer renames, drops or retypes without a new version then fails the build of
 * the side that changed, not production. The checks throw {@link AssertionError}s that name the
 * example, the field and what differs; they need no test framework.
 */
public final class ContractExamples {

    /** Reads decimals exactly (8.00 as 8.00), as a consumer of the feed reads them. */
    private static final ObjectMapper JSON = Jsons.exact();

    private final Path directory;
    private final Map<String, JsonNode> examples;

    private ContractExamples(Path directory, Map<String, JsonNode> examples) {
        this.directory = directory;
        this.examples = examples;
    }

    /**
     * Reads the examples of a directory: every {@code .json} file in it.
     *
     * @param directory the directory, such as {@code src/main/contract} of the producer's module
     * @return its examples
     * @throws IllegalArgumentException if the directory does not exist or holds no example, or an example
     *     is not a feed entry whose {@code type} and {@code version} its file name carries
     * @throws UncheckedIOException if a file cannot be read
     */
    public static ContractExamples in(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("there is no directory of contract examples at "
                    + directory.toAbsolutePath().normalize());
        }
        Map<String, JsonNode> examples = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                String name = file.getFileName().toString();
                JsonNode example = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                String expected = example.path("type").asText() + ".v" + example.path("version").asInt() + ".json";
                if (!example.path("type").isTextual() || !example.path("version").canConvertToInt()
                        || example.path("version").asInt() < 1 || !example.path("source").isTextual()
                        || !example.path("subject").isTextual() || !example.path("data").isObject()) {
                    throw new IllegalArgumentException("the example " + name + " must be a feed entry with a "
                            + "type, a version from 1, a source, a subject and its data as an object");
                }
                if (!expected.equals(name)) {
                    throw new IllegalArgumentException("the example " + name + " holds " + expected
                            + "; name the file after the type and version it holds");
                }
                examples.put(name, example);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contract examples in " + directory, e);
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the directory " + directory + " holds no contract example");
        }
        return new ContractExamples(directory, Collections.unmodifiableMap(examples));
    }

    /** @return the examples by file name ({@code PaymentAuthorised.v1.json}), sorted */
    public Map<String, JsonNode> examples() {
        return examples;
    }

    // ---------------------------------------------------------------- the producer's side

    /**
     * Asserts that a published event has the shape of its example: the example of its type and schema
     * version (metadata {@code $schemaVersion}, 1 when absent) exists, names the same source, and its
     * data has the same fields, at every depth, with values of the same JSON kinds (a null on either side
     * matches anything; each element of an array is compared with the example's first).
     *
     * @param published an event as the producer appends it to its public streams
     * @param source the producer's feed source
     * @return the example's file name
     * @throws AssertionError naming the example and each difference
     */
    public String assertMatches(EventData published, String source) {
        int version = read(published.metadata()).path(EventMetadata.SCHEMA_VERSION_KEY).asInt(1);
        String file = published.type() + ".v" + version + ".json";
        JsonNode example = examples.get(file);
        if (example == null) {
            throw new AssertionError(published.type() + " version " + version + " is published, but " + directory
                    + " has no example " + file + "; it has " + examples.keySet());
        }
        List<String> differences = new ArrayList<>();
        if (!example.path("source").asText().equals(source)) {
            differences.add("the source is " + source + " but the example's is " + example.path("source").asText());
        }
        compare("data", read(published.data()), example.path("data"), differences);
        if (!differences.isEmpty()) {
            throw new AssertionError("what is published differs from " + file + ": " + differences);
        }
        return file;
    }

    /**
     * Asserts that every published event matches its example ({@link #assertMatches}) and that every
     * example is matched by one: a producer publishes exactly what its examples show.
     *
     * @param source the producer's feed source
     * @param published one event of each type and version the producer publishes, at least
     * @throws AssertionError naming what differs, or the examples nothing published matched
     */
    public void assertPublishes(String source, Collection<EventData> published) {
        Set<String> matched = new TreeSet<>();
        for (EventData event : published) {
            matched.add(assertMatches(event, source));
        }
        Set<String> unmatched = new TreeSet<>(examples.keySet());
        unmatched.removeAll(matched);
        if (!unmatched.isEmpty()) {
            throw new AssertionError("nothing published matches the examples " + unmatched + " of " + directory);
        }
    }

    // ---------------------------------------------------------------- a consumer's side

    /**
     * @return the examples as the entries a consumer of the feed receives from {@link HttpEventFeed}, in
     *     file order: subject as the stream, sequence (1 when absent) as the version, positions from 1,
     *     metadata with the schema version and the source
     */
    public List<RecordedEvent> entries() {
        List<RecordedEvent> entries = new ArrayList<>();
        Map<String, String> metadataTexts = new HashMap<>();
        long position = 1;
        for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
            ObjectNode entry = example.getValue().deepCopy();
            entry.put("position", position);
            if (!entry.has("sequence")) {
                entry.put("sequence", 1);
            }
            if (!entry.has("id")) {
                entry.put("id", UUID.nameUUIDFromBytes(example.getKey().getBytes(StandardCharsets.UTF_8)).toString());
            }
            if (!entry.has("time")) {
                entry.put("time", Instant.EPOCH.toString());
            }
            try {
                entries.add(HttpEventFeed.entry(JSON, entry, (int) position - 1, metadataTexts));
            } catch (IOException e) {
                throw new IllegalArgumentException("the example " + example.getKey() + " is not a feed entry: "
                        + e.getMessage(), e);
            }
            position++;
        }
        return entries;
    }

    /**
     * Asserts that a consumer's reader decodes every example of every type it registers with every field
     * of its own filled: a field the producer renamed or dropped arrives as null (or an empty list), and
     * fails here. Also asserts that the examples show every type the reader registers.
     *
     * @param reader the consumer's registry of its own reader types
     * @return how many examples it read
     * @throws AssertionError naming the example and the empty field, or the types without examples
     */
    public int assertReads(EventTypes reader) {
        return assertReads(reader, reader.typeNames(Object.class));
    }

    /**
     * As {@link #assertReads(EventTypes)}, for some of the reader's types only: those a consumer decodes
     * by hand, or asks the feed for at another version, stay out.
     *
     * @param reader the consumer's registry of its own reader types
     * @param types the types to check, each registered with the reader
     * @return how many examples it read
     * @throws AssertionError naming the example and the empty field, or the types without examples
     */
    public int assertReads(EventTypes reader, Set<String> types) {
        Set<String> shown = new TreeSet<>();
        int read = 0;
        for (RecordedEvent entry : entries()) {
            shown.add(entry.type());
            if (types.contains(entry.type())) {
                Object event = reader.decode(entry).orElseThrow(() -> new AssertionError("the reader skips "
                        + entry.type())).event();
                assertFilled(entry.type() + " v" + version(entry), event);
                read++;
            }
        }
        Set<String> missing = new TreeSet<>(types);
        missing.removeAll(shown);
        if (!missing.isEmpty()) {
            throw new AssertionError("the reader reads " + missing + ", of which " + directory + " has no example");
        }
        return read;
    }

    private static int version(RecordedEvent entry) {
        return read(entry.metadata()).path(EventMetadata.SCHEMA_VERSION_KEY).asInt(1);
    }

    private static void assertFilled(String what, Object value) {
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + what + "." + component.getName(), e);
            }
            String name = what + ": field " + component.getName();
            if (field == null) {
                throw new AssertionError(name + " is not filled: the example has no such field, or a null");
            }
            if (field instanceof Collection<?> list) {
                if (list.isEmpty()) {
                    throw new AssertionError(name + " is empty: the example has no elements to check");
                }
                for (Object element : list) {
                    assertFilled(what + "." + component.getName(), element);
                }
            } else {
                assertFilled(what + "." + component.getName(), field);
            }
        }
    }

    private static void compare(String path, JsonNode actual, JsonNode expected, List<String> differences) {
        if (actual.isNull() || expected.isNull()) {
            return;
        }
        if (actual.getNodeType() != expected.getNodeType()) {
            differences.add(path + " is " + actual.getNodeType() + " but the example has " + expected.getNodeType());
            return;
        }
        if (actual.isObject()) {
            Set<String> names = new TreeSet<>();
            actual.fieldNames().forEachRemaining(names::add);
            Set<String> expectedNames = new TreeSet<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            if (!names.equals(expectedNames)) {
                differences.add(path + " has fields " + names + " but the example has " + expectedNames);
                return;
            }
            for (String name : names) {
                compare(path + "." + name, actual.get(name), expected.get(name), differences);
            }
        } else if (actual.isArray() && actual.size() > 0 && expected.size() > 0) {
            Iterator<JsonNode> elements = actual.elements();
            for (int i = 0; elements.hasNext(); i++) {
                compare(path + "[" + i + "]", elements.next(), expected.get(0), differences);
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
