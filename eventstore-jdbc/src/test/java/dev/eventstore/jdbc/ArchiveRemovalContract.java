package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.archive.ArchiveSummary;
import dev.eventstore.archive.EventArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archiving a JDBC store: a range exported, removed from the live table, and the live store and the
 * archive imported elsewhere together hold the log as it was.
 */
public abstract class ArchiveRemovalContract {

    @TempDir
    protected Path directory;
    private final List<JdbcEventStore> opened = new ArrayList<>();

    /**
     * @return a new, empty store
     * @throws Exception if it cannot be made
     */
    protected abstract JdbcEventStore newStore() throws Exception;

    private JdbcEventStore store() throws Exception {
        JdbcEventStore store = newStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcEventStore::close);
    }

    private static List<RecordedEvent> all(JdbcEventStore store) {
        try (Stream<RecordedEvent> events = store.readAll(0, Long.MAX_VALUE)) {
            return events.toList();
        }
    }

    private static void fill(JdbcEventStore store, String prefix, int streams, int each) {
        for (int s = 0; s < streams; s++) {
            List<EventData> events = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                events.add(EventData.of("Happened", "{\"i\":" + i + "}").withTags("n:" + i));
            }
            store.append(prefix + "-" + s, ExpectedVersion.noStream(), events);
        }
    }

    @Test
    void anExportedRangeIsRemovedAndTheArchiveImportedBesideTheRestGivesBackTheLog() throws Exception {
        JdbcEventStore live = store();
        fill(live, "old", 4, 5);
        long oldEnd = live.headPosition();
        fill(live, "new", 3, 5);
        List<RecordedEvent> before = all(live);

        Path archive = directory.resolve("old.jsonl.gz");
        ArchiveSummary exported = EventArchive.export(live, EventFilter.all(), 0, oldEnd, archive);
        assertThat(exported.events()).isEqualTo(20);
        assertThat(live.removeArchived(null, 0, oldEnd)).isEqualTo(20);

        List<RecordedEvent> after = all(live);
        assertThat(after).isEqualTo(before.subList(20, before.size()));
        assertThat(live.streamVersion("old-0")).isZero();
        assertThat(live.streamVersion("new-0")).isEqualTo(5);
        long appended = live.append("new-0", ExpectedVersion.exactly(5), List.of(EventData.of("Later", "{}")))
                .lastPosition();
        assertThat(appended).isGreaterThan(before.get(before.size() - 1).position());

        JdbcEventStore restored = store();
        assertThat(EventArchive.importInto(restored, archive)).isEqualTo(exported);
        assertThat(all(restored)).isEqualTo(before.subList(0, 20));
    }

    @Test
    void aCategoryCanBeRemovedFromARangeAndOtherCategoriesStay() throws Exception {
        JdbcEventStore live = store();
        fill(live, "audit", 2, 3);
        fill(live, "account", 2, 3);
        fill(live, "tail", 1, 1);
        long head = live.headPosition();
        assertThat(live.removeArchived("audit", 0, head - 1)).isEqualTo(6);
        assertThat(all(live)).extracting(RecordedEvent::category).containsOnly("account", "tail").hasSize(7);
        try (Stream<RecordedEvent> tagged = live.read(dev.eventstore.Query.of(dev.eventstore.QueryItem.tags("n:1")),
                0, Long.MAX_VALUE)) {
            assertThat(tagged.map(RecordedEvent::category)).containsOnly("account").hasSize(2);
        }
    }

    @Test
    void aDeletedOrTruncatedStreamWhoseEventsAreAllRemovedStartsAgainVisiblyAndATombstoneStays() throws Exception {
        JdbcEventStore live = store();
        fill(live, "gone", 1, 3);
        fill(live, "cut", 1, 4);
        fill(live, "dead", 1, 1);
        live.deleteStream("gone-0", ExpectedVersion.exactly(3));
        live.truncateStream("cut-0", 5, true);
        live.tombstoneStream("dead-0", ExpectedVersion.any());
        long end = live.headPosition();
        fill(live, "tail", 1, 1);
        EventArchive.export(live, EventFilter.all(), 0, end, directory.resolve("ended.jsonl.gz"));
        assertThat(live.removeArchived(null, 0, end)).isEqualTo(10);

        live.append("gone-0", ExpectedVersion.noStream(), List.of(EventData.of("Again", "{}")));
        live.append("cut-0", ExpectedVersion.noStream(), List.of(EventData.of("Again", "{}")));
        for (String stream : List.of("gone-0", "cut-0")) {
            assertThat(live.streamVersion(stream)).as(stream).isEqualTo(1);
            try (Stream<RecordedEvent> events = live.readStream(stream)) {
                assertThat(events.map(RecordedEvent::type)).as(stream).containsExactly("Again");
            }
        }
        assertThatThrownBy(() -> live.append("dead-0", ExpectedVersion.any(), List.of(EventData.of("Late", "{}"))))
                .isInstanceOf(dev.eventstore.StreamDeletedException.class);
    }

    @Test
    void badRangesAreRefusedByValue() throws Exception {
        JdbcEventStore live = store();
        fill(live, "x", 1, 2);
        assertThatThrownBy(() -> live.removeArchived(null, 5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5");
        assertThatThrownBy(() -> live.removeArchived(null, -1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> live.removeArchived(" ", 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("' '");
    }
}
