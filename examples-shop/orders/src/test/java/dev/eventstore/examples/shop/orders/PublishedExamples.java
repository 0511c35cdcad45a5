package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The published examples of this service's contract ({@code src/main/contract}), and the check that
 * what the service publishes has their shape: the same fields, with values of the same JSON kinds.
 */
final class PublishedExamples {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedExamples() {
    }

    /** @return every example, by file name ({@code Type.vN.json}) */
    static Map<String, JsonNode> load() throws IOException {
        Map<String, JsonNode> examples = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/contract"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                examples.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return examples;
    }

    /**
     * Asserts that a published event matches its example: type, version, source, and the data's shape.
     *
     * @param published the event as the publisher appends it
     * @param examples the examples, from {@link #load()}
     * @param source the service's feed source
     * @return the example's file name, for the caller to tick off
     */
    static String assertMatches(EventData published, Map<String, JsonNode> examples, String source)
            throws IOException {
        int version = JSON.readTree(published.metadata()).path("$schemaVersion").asInt(1);
        String file = published.type() + ".v" + version + ".json";
        assertThat(examples).as("the published examples").containsKey(file);
        JsonNode example = examples.get(file);
        assertThat(example.path("type").asText()).isEqualTo(published.type());
        assertThat(example.path("version").asInt()).isEqualTo(version);
        assertThat(example.path("source").asText()).isEqualTo(source);
        List<String> differences = new ArrayList<>();
        compare("data", JSON.readTree(published.data()), example.path("data"), differences);
        assertThat(differences).as("how %s differs from what is published", file).isEmpty();
        return file;
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
            TreeSet<String> names = new TreeSet<>();
            actual.fieldNames().forEachRemaining(names::add);
            TreeSet<String> expectedNames = new TreeSet<>();
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
}
