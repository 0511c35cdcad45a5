package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.EventImporter;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.archive.ArchiveSummary;
import dev.eventstore.archive.EventArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives on one backend: the read contracts ({@link ReadContract}, {@link ReadEventContract},
 * {@link QueryContract}) run unchanged against a store whose every read is served by a copy made by
 * export and import ({@link ArchivedStore}), plus the rules of an import.
 */
public abstract class ArchivedReadContract implements ReadContract, ReadEventContract, QueryContract {

    @TempDir
    protected Path directory;
    private ArchivedStore store;
    private final java.util.List<EventStore> opened = new java.util.ArrayList<>();

    /**
     * @return a new, empty store of the backend; it must be an {@link EventImporter}
     * @throws Exception if it cannot be made
     */
    protected abstract EventStore createStore() throws Exception;

    private EventStore fresh() {
        try {
            EventStore made = createStore();
            opened.add(made);
            return made;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a store", e);
        }
    }

    @BeforeEach
    void openStore() throws Exception {
        Path files = Files.createDirectories(directory.resolve("archives"));
        store = new ArchivedStore(fresh(), this::fresh, files);
    }

    @AfterEach
    void closeStore() {
        store.close();
        for (EventStore made : opened) {
            made.close();
        }
    }

    @Override
    public EventStore store() {
        return store;
    }

    private static List<RecordedEvent> all(EventStore target) {
        try (Stream<RecordedEvent> events = target.readAll(0, Long.MAX_VALUE)) {
            return events.toList();
        }
    }

    private void fill(EventStore target, String category, int streams, int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < streams; s++) {
                target.append(category + "-" + s, ExpectedVersion.any(),
                        List.of(event("Filled").withTags("round:" + round)));
            }
        }
    }

    @Test
    void aLogExportedInTwoRangesImportsRangeByRangeAndAppendsContinueAboveIt() throws Exception {
        EventStore source = fresh();
        fill(source, "account", 5, 6);
        fill(source, "order", 3, 4);
        List<RecordedEvent> log = all(source);
        long middle = log.get(log.size() / 2).position();
        Path first = directory.resolve("first.jsonl.gz");
        Path second = directory.resolve("second.jsonl.gz");
        ArchiveSummary one = EventArchive.export(source, EventFilter.all(), 0, middle, first);
        ArchiveSummary two = EventArchive.export(source, EventFilter.all(), middle, Long.MAX_VALUE, second);
        assertThat(one.events() + two.events()).isEqualTo(log.size());
        assertThat(one.lastPosition()).isEqualTo(middle);
        assertThat(two.firstPosition()).isGreaterThan(middle);

        EventStore target = fresh();
        assertThatThrownBy(() -> EventArchive.importInto((EventImporter) target, second))
                .as("the second range continues streams the empty store does not have")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("import the archives that hold");
        assertThat(target.headPosition()).isZero();

        assertThat(EventArchive.importInto((EventImporter) target, first)).isEqualTo(one);
        assertThat(EventArchive.importInto((EventImporter) target, second)).isEqualTo(two);
        assertThat(all(target)).isEqualTo(log);
        assertThat(target.headPosition()).isEqualTo(source.headPosition());

        long appended = target.append("account-0", ExpectedVersion.exactly(6), List.of(event("After"))).lastPosition();
        assertThat(appended).isGreaterThan(log.get(log.size() - 1).position());
        assertThat(target.streamVersion("account-0")).isEqualTo(7);
    }

    @Test
    void importingAnArchiveAgainPassesOverWhatTheStoreHoldsAndNothingElse() throws Exception {
        EventStore source = fresh();
        fill(source, "account", 3, 3);
        Path file = directory.resolve("log.jsonl.gz");
        EventArchive.export(source, EventFilter.all(), 0, Long.MAX_VALUE, file);
        EventStore target = fresh();
        EventArchive.importInto((EventImporter) target, file);
        assertThat(EventArchive.importInto((EventImporter) target, file).events()).isZero();
        assertThat(all(target)).isEqualTo(all(source));

        EventStore busy = fresh();
        fill(busy, "other", 1, 1);
        fill(busy, "other", 1, 1);
        assertThatThrownBy(() -> EventArchive.importInto((EventImporter) busy, file))
                .isInstanceOf(RuntimeException.class);
        assertThat(busy.streamVersion("account-0")).isZero();
    }

    @Test
    void anImportedEventWhoseIdIsRecordedAlreadyIsRefusedAndNothingIsWritten() {
        EventStore target = fresh();
        target.append("held-1", ExpectedVersion.noStream(), List.of(event("Held")));
        RecordedEvent held = all(target).get(0);
        RecordedEvent fresh = new RecordedEvent(java.util.UUID.randomUUID(), "copy-1", 1, held.position() + 1000,
                "Copied", "{}", "{}", java.util.Set.of(), held.recordedAt());
        RecordedEvent reused = new RecordedEvent(held.id(), "copy-1", 2, held.position() + 2000, "Copied", "{}", "{}",
                java.util.Set.of(), held.recordedAt());
        assertThatThrownBy(() -> ((EventImporter) target).importEvents(List.of(fresh, reused)))
                .isInstanceOf(dev.eventstore.DuplicateEventIdException.class).hasMessageContaining(held.id().toString());
        assertThat(all(target)).containsExactly(held);
        assertThat(target.streamVersion("copy-1")).isZero();
    }

    private static List<String> typesOf(EventStore target, String streamId) {
        try (Stream<RecordedEvent> events = target.readStream(streamId)) {
            return events.map(RecordedEvent::type).toList();
        }
    }

    @Test
    void deletedAndTombstonedStreamsStayDeletedThroughAnArchiveAndAStreamStartedAgainContinues() throws Exception {
        EventStore source = fresh();
        source.append("gone-1", ExpectedVersion.noStream(), List.of(event("Opened"), event("Used")));
        source.append("dead-1", ExpectedVersion.noStream(), List.of(event("Opened")));
        ((dev.eventstore.StreamLifecycle) source).deleteStream("gone-1", ExpectedVersion.exactly(2));
        ((dev.eventstore.StreamLifecycle) source).tombstoneStream("dead-1", ExpectedVersion.any());
        long middle = source.headPosition();
        source.append("gone-1", ExpectedVersion.noStream(), List.of(event("Reopened")));
        Path first = directory.resolve("deletes.jsonl.gz");
        Path second = directory.resolve("after.jsonl.gz");
        EventArchive.export(source, EventFilter.all(), 0, middle, first);
        EventArchive.export(source, EventFilter.all(), middle, Long.MAX_VALUE, second);

        EventStore target = fresh();
        EventArchive.importInto((EventImporter) target, first);
        assertThat(target.streamVersion("gone-1")).as("a soft-deleted stream reads as not found").isZero();
        assertThat(typesOf(target, "gone-1")).isEmpty();
        assertThat(target.streamVersion("dead-1")).isZero();
        assertThatThrownBy(() -> target.append("dead-1", ExpectedVersion.any(), List.of(event("Late"))))
                .isInstanceOf(dev.eventstore.StreamDeletedException.class);

        EventArchive.importInto((EventImporter) target, second);
        assertThat(target.streamVersion("gone-1")).isEqualTo(source.streamVersion("gone-1")).isEqualTo(4);
        assertThat(typesOf(target, "gone-1")).containsExactly("Reopened");

        long head = target.headPosition();
        RecordedEvent late = new RecordedEvent(java.util.UUID.randomUUID(), "dead-1", 3, head + 10, "Late", "{}",
                "{}", java.util.Set.of(), java.time.Instant.now());
        assertThatThrownBy(() -> ((EventImporter) target).importEvents(List.of(late)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream 'dead-1' is tombstoned");
        RecordedEvent again = new RecordedEvent(java.util.UUID.randomUUID(), "gone-1", 1, head + 10, "Again", "{}",
                "{}", java.util.Set.of(), java.time.Instant.now());
        assertThatThrownBy(() -> ((EventImporter) target).importEvents(List.of(again)))
                .as("versions continue after the delete marker, so version 1 is taken")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be version 5");
        assertThat(target.headPosition()).isEqualTo(head);
        assertThat(typesOf(target, "gone-1")).containsExactly("Reopened");
    }

    @Test
    void anImportedDeleteDropsTheStreamsSnapshotAsADeleteDoes() throws Exception {
        EventStore source = fresh();
        source.append("kept-1", ExpectedVersion.noStream(), List.of(event("Opened"), event("Used")));
        long middle = source.headPosition();
        ((dev.eventstore.StreamLifecycle) source).deleteStream("kept-1", ExpectedVersion.exactly(2));
        Path first = directory.resolve("before.jsonl.gz");
        Path second = directory.resolve("delete.jsonl.gz");
        EventArchive.export(source, EventFilter.all(), 0, middle, first);
        EventArchive.export(source, EventFilter.all(), middle, Long.MAX_VALUE, second);

        EventStore target = fresh();
        EventArchive.importInto((EventImporter) target, first);
        dev.eventstore.aggregate.SnapshotStore snapshots =
                ((dev.eventstore.TransactionalEventStore<?>) target).snapshotStore();
        snapshots.save(new dev.eventstore.aggregate.Snapshot("kept-1", 2, "Account", 1, "{}", java.time.Instant.now()));
        EventArchive.importInto((EventImporter) target, second);
        assertThat(target.streamVersion("kept-1")).isZero();
        assertThat(snapshots.load("kept-1")).as("a snapshot would load the state of a deleted stream").isEmpty();
    }

    @Test
    void anImportThatHoldsOneIdTwiceIsRefusedNamingItAndNothingIsWritten() {
        EventStore target = fresh();
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant at = java.time.Instant.now();
        RecordedEvent one = new RecordedEvent(id, "twice-1", 1, 10, "Copied", "{}", "{}", java.util.Set.of(), at);
        RecordedEvent two = new RecordedEvent(id, "twice-2", 1, 20, "Copied", "{}", "{}", java.util.Set.of(), at);
        assertThatThrownBy(() -> ((EventImporter) target).importEvents(List.of(one, two)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(id.toString());
        assertThat(target.headPosition()).isZero();
        assertThat(target.readEvent(id)).isEmpty();
    }

    @Test
    void aCategoryArchiveHoldsThatCategoryOnly() throws Exception {
        EventStore source = fresh();
        fill(source, "account", 2, 3);
        fill(source, "order", 2, 3);
        Path file = directory.resolve("orders.jsonl.gz");
        ArchiveSummary summary = EventArchive.export(source, EventFilter.category("order"), 0, Long.MAX_VALUE, file);
        assertThat(summary.events()).isEqualTo(6);
        try (Stream<RecordedEvent> events = EventArchive.read(Files.newInputStream(file))) {
            assertThat(events.map(RecordedEvent::category)).containsOnly("order").hasSize(6);
        }
    }

    @Test
    void anInputThatIsNotGzipIsRefusedAndClosed() {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        java.io.InputStream in = new java.io.ByteArrayInputStream("position,stream\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertThatThrownBy(() -> EventArchive.read(in)).isInstanceOf(java.io.IOException.class);
        assertThat(closed).as("the input is closed: importInto opens it and has nothing else to close").isTrue();
    }

    @Test
    void aFileThatIsNotAnArchiveIsRefused() throws Exception {
        Path file = directory.resolve("not.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"hello\":1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> EventArchive.importInto((EventImporter) fresh(), file))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("not an event archive");
    }
}
