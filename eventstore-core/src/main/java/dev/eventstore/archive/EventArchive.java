package dev.eventstore.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstore.EventFilter;
import dev.eventstore.EventImporter;
import dev.eventstore.EventReader;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Archives of the log: a range of positions, of the whole log or of one category, written to a gzip
 * file of JSON lines, and read back into a store ({@link #importInto}) with every event as it was
 * recorded: same position, stream version, id, type, data, metadata, tags and time.
 *
 * <pre>{@code
 * ArchiveSummary written = EventArchive.export(store, EventFilter.all(), 0, 500_000, Path.of("log-1.jsonl.gz"));
 * store.removeArchived(EventFilter.all(), 0, written.lastPosition());   // JdbcEventStore
 * // later, elsewhere:
 * EventArchive.importInto(emptyStore, Path.of("log-1.jsonl.gz"));
 * }</pre>
 *
 * <h2>Format</h2>
 * UTF-8 JSON lines, gzip-compressed. The first line describes the archive:
 * {@code {"format":"eventstore-archive","version":1,"filter":"...","after":0,"upTo":500000}}. Each
 * further line is one event, in ascending position:
 * {@code {"position":1,"streamId":"account-42","version":1,"id":"...","type":"AccountOpened",
 * "data":"{...}","metadata":"{...}","tags":["account:42"],"recordedAt":"2026-11-29T10:15:30.123456Z"}}.
 * {@code data} and {@code metadata} are the stored JSON texts as strings, so they come back byte for
 * byte. Personal data encrypted by {@link dev.eventstore.typed.PersonalData} stays encrypted in an
 * archive: forgetting a subject also shreds its data in every archive, without touching the files.
 */
public final class EventArchive {

    /** The value of {@code format} in an archive's first line. */
    public static final String FORMAT = "eventstore-archive";

    /** The version of the format this class writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMPORT_BATCH = 1_000;

    private EventArchive() {
    }

    /**
     * Exports the events of a range that pass a filter, reading the log lazily (page by page).
     *
     * @param source the store to read
     * @param filter which events: {@link EventFilter#all()}, a category, ...
     * @param afterPosition export only events above this position; 0 from the start
     * @param upToPosition export only events at or below this position; {@link Long#MAX_VALUE} to the end
     * @param out where the gzip stream goes; not closed
     * @return how many events were written, and their first and last positions
     * @throws IllegalArgumentException if an argument is null or the range is negative or empty
     * @throws IOException if writing fails
     */
    public static ArchiveSummary export(EventReader source, EventFilter filter, long afterPosition, long upToPosition,
            OutputStream out) throws IOException {
        Args.notNull("source", source);
        Args.notNull("filter", filter);
        Args.notNull("out", out);
        Args.atLeast("afterPosition", afterPosition, 0);
        if (upToPosition <= afterPosition) {
            throw new IllegalArgumentException("upToPosition must be above afterPosition (" + afterPosition + "), was "
                    + upToPosition);
        }
        GZIPOutputStream gzip = new GZIPOutputStream(nonClosing(out), 1 << 16);
        Writer writer = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16);
        JsonGenerator json = new JsonFactory().createGenerator(writer);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        json.writeStartObject();
        json.writeStringField("format", FORMAT);
        json.writeNumberField("version", VERSION);
        json.writeStringField("filter", filter.toString());
        json.writeNumberField("after", afterPosition);
        json.writeNumberField("upTo", upToPosition);
        json.writeEndObject();
        json.flush();
        writer.write('\n');
        long count = 0;
        long first = 0;
        long last = 0;
        try (Stream<RecordedEvent> events = source.read(filter, afterPosition, Long.MAX_VALUE)) {
            Iterator<RecordedEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                RecordedEvent event = iterator.next();
                if (event.position() > upToPosition) {
                    break;
                }
                write(json, event);
                json.flush();
                writer.write('\n');
                count++;
                if (first == 0) {
                    first = event.position();
                }
                last = event.position();
            }
        }
        json.close();
        writer.flush();
        gzip.finish();
        gzip.flush();
        return new ArchiveSummary(count, first, last);
    }

    /**
     * Exports to a file, as {@link #export(EventReader, EventFilter, long, long, OutputStream)}. The file
     * is written beside its final name and moved into place once complete, so a failed export leaves
     * no half-written archive under that name.
     *
     * @param source the store to read
     * @param filter which events
     * @param afterPosition export only events above this position
     * @param upToPosition export only events at or below this position
     * @param file the archive to write; replaced if it exists
     * @return how many events were written, and their first and last positions
     * @throws IllegalArgumentException if an argument is null or the range is negative or empty
     * @throws IOException if writing fails
     */
    public static ArchiveSummary export(EventReader source, EventFilter filter, long afterPosition, long upToPosition,
            Path file) throws IOException {
        Args.notNull("file", file);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            ArchiveSummary summary = export(source, filter, afterPosition, upToPosition, out);
            out.close();
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Reads an archive's events lazily, in the order they were written.
     *
     * @param in the gzip stream; closed when the returned stream is closed, or when this throws
     * @return the events; close it
     * @throws IllegalArgumentException if {@code in} is null
     * @throws IOException if the stream is not gzip or its first line is not an archive's
     *     (a malformed later line fails the stream's consumer with {@link UncheckedIOException})
     */
    public static Stream<RecordedEvent> read(InputStream in) throws IOException {
        Args.notNull("in", in);
        GZIPInputStream gzip;
        try {
            gzip = new GZIPInputStream(in, 1 << 16);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(gzip, StandardCharsets.UTF_8), 1 << 16);
        try {
            String header = reader.readLine();
            JsonNode head = header == null ? null : JSON.readTree(header);
            if (head == null || !FORMAT.equals(head.path("format").asText()) || head.path("version").asInt() != VERSION) {
                throw new IOException("not an event archive of format version " + VERSION + ": its first line is "
                        + (header == null ? "missing" : "'" + (header.length() > 100 ? header.substring(0, 100) + "..." : header) + "'"));
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        Iterator<RecordedEvent> events = new Iterator<>() {
            private long line = 1;
            private String next = advance();

            private String advance() {
                try {
                    String read;
                    do {
                        read = reader.readLine();
                        line++;
                    } while (read != null && read.isBlank());
                    return read;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the archive at line " + line, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RecordedEvent next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RecordedEvent event = parse(next, line);
                next = advance();
                return event;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * Imports an archive into a store, in batches of {@value #IMPORT_BATCH} events (each batch one
     * transaction of the store). If a batch fails, the batches before it stay imported, and the rest
     * can be imported by calling this again: an event the store already holds at the same position
     * (same id) is passed over; any other event at or below the store's head fails the import.
     *
     * @param target the store; {@link EventImporter}'s rules apply
     * @param file the archive
     * @return how many events were imported, and their first and last positions
     * @throws IllegalArgumentException if an argument is null, or an event breaks an import rule
     * @throws IOException if the file cannot be read or is not an archive
     */
    public static ArchiveSummary importInto(EventImporter target, Path file) throws IOException {
        Args.notNull("target", target);
        Args.notNull("file", file);
        EventReader reader = target instanceof EventReader r ? r : null;
        long head = reader == null ? 0 : reader.headPosition();
        long count = 0;
        long first = 0;
        long last = 0;
        try (Stream<RecordedEvent> events = read(Files.newInputStream(file))) {
            List<RecordedEvent> batch = new ArrayList<>(IMPORT_BATCH);
            Iterator<RecordedEvent> iterator = events.iterator();
            while (true) {
                boolean more;
                try {
                    more = iterator.hasNext();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                if (more) {
                    RecordedEvent event;
                    try {
                        event = iterator.next();
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                    if (event.position() <= head && reader != null && reader.readEvent(event.id())
                            .filter(held -> held.position() == event.position()).isPresent()) {
                        continue;
                    }
                    batch.add(event);
                }
                if (batch.size() == IMPORT_BATCH || (!more && !batch.isEmpty())) {
                    target.importEvents(batch);
                    count += batch.size();
                    if (first == 0) {
                        first = batch.get(0).position();
                    }
                    last = batch.get(batch.size() - 1).position();
                    batch = new ArrayList<>(IMPORT_BATCH);
                }
                if (!more) {
                    return new ArchiveSummary(count, first, last);
                }
            }
        }
    }

    private static void write(JsonGenerator json, RecordedEvent event) throws IOException {
        json.writeStartObject();
        json.writeNumberField("position", event.position());
        json.writeStringField("streamId", event.streamId());
        json.writeNumberField("version", event.version());
        json.writeStringField("id", event.id().toString());
        json.writeStringField("type", event.type());
        json.writeStringField("data", event.data());
        json.writeStringField("metadata", event.metadata());
        json.writeArrayFieldStart("tags");
        for (String tag : event.tags()) {
            json.writeString(tag);
        }
        json.writeEndArray();
        json.writeStringField("recordedAt", event.recordedAt().toString());
        json.writeEndObject();
    }

    private static RecordedEvent parse(String line, long number) {
        try {
            JsonNode node = JSON.readTree(line);
            Set<String> tags = new LinkedHashSet<>();
            for (JsonNode tag : node.path("tags")) {
                tags.add(tag.asText());
            }
            return new RecordedEvent(UUID.fromString(text(node, "id")), text(node, "streamId"),
                    number(node, "version"), number(node, "position"), text(node, "type"), text(node, "data"),
                    text(node, "metadata"), tags, Instant.parse(text(node, "recordedAt")));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("line " + number + " of the archive is not an event: "
                    + e.getMessage(), e));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return value.longValue();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
