package dev.eventstore.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventStoreException;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.contract.Reliability;
import dev.eventstore.jdbc.Filling;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.Locale;
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
        Filling filled;
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).maxPageCount(64).build()) {
            filled = Filling.fill(store, "full-1", 3, 1500, 10_000);
            assertThat(filled.error().getMessage()).contains("is full").contains(file.toString())
                    .contains("append to stream 'full-1'");
            assertThatThrownBy(() -> store.inTransaction(tx -> tx.append("full-1", ExpectedVersion.any(), filled.refused())))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("is full");
            assertThat(store.streamVersion("full-1")).isEqualTo(filled.version());
            assertThat(store.readStream("full-1").count()).as("reads go on").isEqualTo(filled.version());
        }
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).maxPageCount(10_000).build()) {
            store.append("full-1", ExpectedVersion.exactly(filled.version()), filled.refused());
            assertThat(store.readStream("full-1").skip(filled.version()).map(RecordedEvent::id).toList())
                    .containsExactlyElementsOf(filled.refused().stream().map(EventData::id).toList());
        }
        System.out.println("The error of the append that did not fit: " + filled.error().getMessage());
        Reliability.report("SQLite file full (max_page_count 64)", String.format(Locale.ROOT,
                "%d appends of 3 events fitted, the next failed naming the file and wrote nothing; after raising the "
                        + "cap it succeeded", filled.appends()));
    }

    @Test
    void aCapBelowOnePageIsRefusedNamingIt() {
        assertThatThrownBy(() -> JdbcEventStore.sqlite(directory.resolve("x.db")).maxPageCount(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPageCount").hasMessageContaining("0");
    }
}
