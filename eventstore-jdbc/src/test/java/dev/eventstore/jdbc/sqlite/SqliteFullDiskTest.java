package dev.eventstore.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.contract.Reliability;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full SQLite file: with {@code maxPageCount} (SQLite's {@code max_page_count}) set low, appends
 * fill the file until one fails with an error that says the file is full and names it; that append
 * writes nothing, in a transaction or alone, and once the cap is raised the same appends succeed.
 */
class SqliteFullDiskTest {

    @TempDir
    Path directory;

    @Test
    void anAppendToAFullFileFailsNamingItWritesNothingAndWorksOnceThereIsRoom() throws Exception {
        Path file = directory.resolve("full.db");
        Random random = new Random(42);
        int appended = 0;
        EventStoreException full = null;
        List<EventData> refused = null;
        List<RecordedEvent> before;
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).maxPageCount(64).build()) {
            while (full == null) {
                List<EventData> batch = batch(random, 3);
                before = store.readAll(0, Long.MAX_VALUE).toList();
                try {
                    store.append("full-1", ExpectedVersion.exactly(appended * 3L), batch);
                    appended++;
                } catch (EventStoreException e) {
                    full = e;
                    refused = batch;
                    assertThat(store.readAll(0, Long.MAX_VALUE).toList()).as("nothing half-written").isEqualTo(before);
                    assertThat(store.streamVersion("full-1")).isEqualTo(appended * 3L);
                }
                assertThat(appended).as("the cap of 64 pages is reached").isLessThan(10_000);
            }
            assertThat(full.getMessage()).contains("is full").contains(file.toString()).contains("append to stream 'full-1'");
            List<EventData> again = refused;
            assertThatThrownBy(() -> store.inTransaction(tx -> tx.append("full-1", ExpectedVersion.any(), again)))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("is full");
            assertThat(store.streamVersion("full-1")).isEqualTo(appended * 3L);
            // Reads go on.
            assertThat(store.readStream("full-1").count()).isEqualTo(appended * 3L);
        }
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).maxPageCount(10_000).build()) {
            store.append("full-1", ExpectedVersion.exactly(appended * 3L), refused);
            assertThat(store.readStream("full-1").skip(appended * 3L).map(RecordedEvent::id).toList())
                    .containsExactlyElementsOf(refused.stream().map(EventData::id).toList());
        }
        System.out.println("The error of the append that did not fit: " + full.getMessage());
        Reliability.report("SQLite file full (max_page_count 64)", String.format(Locale.ROOT,
                "%d appends of 3 events fitted, the next failed naming the file and wrote nothing; after raising the "
                        + "cap it succeeded", appended));
    }

    @Test
    void aCapBelowOnePageIsRefusedNamingIt() {
        assertThatThrownBy(() -> JdbcEventStore.sqlite(directory.resolve("x.db")).maxPageCount(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPageCount").hasMessageContaining("0");
    }

    private static List<EventData> batch(Random random, int size) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            StringBuilder pad = new StringBuilder();
            for (int c = 0; c < 1500; c++) {
                pad.append((char) ('a' + random.nextInt(26)));
            }
            events.add(EventData.of("Padded", "{\"pad\":\"" + pad + "\"}"));
        }
        return events;
    }
}
