package dev.eventstore.examples.shop.orderhistory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.RecordedEvent;
import dev.eventstore.typed.EventTypes;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The examples another service publishes of its contract, read from that service's module directory
 * (a file path, not a dependency), turned into entries as a feed consumer receives them.
 */
final class ProducerExamples {

    /** Reads decimals exactly, 8.00 as 8.00, as the feed hands them on. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private ProducerExamples() {
    }

    /**
     * @param producer the producer's module directory name, such as {@code payments}
     * @return its examples as the recorded events a feed hands on: stream = subject, metadata with the
     *     schema version and source
     */
    static List<RecordedEvent> of(String producer) throws IOException {
        Path directory = Path.of("..", producer, "src", "main", "contract");
        assertThat(directory).as("the published contract of " + producer).isDirectory();
        List<RecordedEvent> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            long position = 1;
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                JsonNode example = JSON.readTree(file.toFile());
                String metadata = JSON.createObjectNode().put("$schemaVersion", example.path("version").asInt(1))
                        .put("$source", example.path("source").asText()).toString();
                entries.add(new RecordedEvent(UUID.randomUUID(), example.path("subject").asText(),
                        example.path("sequence").asLong(1), position++, example.path("type").asText(),
                        example.path("data").toString(), metadata, Set.of(), Instant.now()));
            }
        }
        return entries;
    }

    /**
     * Asserts that a reader decodes every example of each type it reads, with every field of its own
     * filled: a field the producer renamed or dropped would arrive as null, and fail here.
     *
     * @param producer the producer's module directory name
     * @param reader the reader's registry
     * @param reads the types the reader reads
     * @return how many examples were read
     */
    static int assertReads(String producer, EventTypes reader, Set<String> reads) throws Exception {
        int read = 0;
        List<String> published = new ArrayList<>();
        for (RecordedEvent entry : of(producer)) {
            published.add(entry.type());
            if (!reads.contains(entry.type())) {
                continue;
            }
            Object event = reader.decode(entry).orElseThrow().event();
            assertAllFilled(producer + "'s " + entry.type(), event);
            read++;
        }
        assertThat(published).as("what %s publishes", producer).containsAll(reads);
        return read;
    }

    private static void assertAllFilled(String what, Object value) throws Exception {
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field = component.getAccessor().invoke(value);
            assertThat(field).as("%s: field %s", what, component.getName()).isNotNull();
            if (field instanceof List<?> list) {
                assertThat(list).as("%s: field %s", what, component.getName()).isNotEmpty();
                for (Object element : list) {
                    assertAllFilled(what + "." + component.getName(), element);
                }
            } else {
                assertAllFilled(what + "." + component.getName(), field);
            }
        }
    }
}
