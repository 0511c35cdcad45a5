package dev.eventstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.archive.EventArchive;
import dev.eventstore.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive moved between clusters: PostgreSQL positions are made from transaction ids, so a log
 * exported from the shared server (many transactions old) and imported into a new cluster
 * ({@link ThrowawayPostgres}, a few hundred transactions old) holds positions far above what the new
 * cluster would make. The import raises the new cluster's position base in its transaction: later
 * appends land above every imported event, and the log reads in one order.
 */
class PostgresArchiveAcrossClustersTest {

    @TempDir
    Path directory;

    @AfterAll
    static void dropSchemas() {
        PostgresDatabase.dropSchemas();
    }

    private static List<RecordedEvent> all(JdbcEventStore store) {
        try (Stream<RecordedEvent> events = store.readAll(0, Long.MAX_VALUE)) {
            return events.toList();
        }
    }

    @Test
    void aLogImportedIntoAYoungerClusterKeepsItsPositionsAndAppendsContinueAboveThem() throws Exception {
        Path archive = directory.resolve("log.jsonl.gz");
        List<RecordedEvent> exported;
        try (JdbcEventStore source = JdbcEventStore.postgres(PostgresDatabase.pool())
                .schema(PostgresDatabase.newSchema()).build()) {
            for (int i = 0; i < 20; i++) {
                source.append("account-" + (i % 4), ExpectedVersion.any(), List.of(EventData.of("Deposited", "{\"i\":" + i + "}")));
            }
            exported = all(source);
            EventArchive.export(source, EventFilter.all(), 0, Long.MAX_VALUE, archive);
        }
        try (ThrowawayPostgres cluster = ThrowawayPostgres.startOrSkip();
                JdbcEventStore target = JdbcEventStore.postgres(cluster.url()).schema("restored").maxPoolSize(4).build()) {
            long younger = target.append("probe-1", ExpectedVersion.noStream(), List.of(EventData.of("Probe", "{}")))
                    .lastPosition();
            assertThat(younger).as("the younger cluster's positions start below the archive's")
                    .isLessThan(exported.get(0).position());

            EventArchive.importInto(target, archive);
            List<RecordedEvent> restored = all(target);
            assertThat(restored.subList(1, restored.size())).isEqualTo(exported);

            List<Long> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(target.append("account-0", ExpectedVersion.any(), List.of(EventData.of("Later", "{}")))
                        .lastPosition());
            }
            assertThat(after.get(0)).isGreaterThan(exported.get(exported.size() - 1).position());
            assertThat(after).isSorted();
            assertThat(target.streamVersion("account-0")).isEqualTo(8);
            assertThat(all(target)).extracting(RecordedEvent::position).isSorted().hasSize(exported.size() + 4);
        }
    }
}
