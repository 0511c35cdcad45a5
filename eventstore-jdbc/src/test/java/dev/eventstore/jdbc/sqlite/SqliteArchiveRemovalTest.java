package dev.eventstore.jdbc.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.jdbc.ArchiveRemovalContract;
import dev.eventstore.jdbc.JdbcEventStore;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Archiving on SQLite files. */
class SqliteArchiveRemovalTest extends ArchiveRemovalContract {

    @Override
    protected JdbcEventStore newStore() {
        return JdbcEventStore.sqlite(directory.resolve(UUID.randomUUID() + ".db")).build();
    }

    @Test
    void theNewestEventCannotBeRemovedBecauseItsPositionWouldBeHandedOutAgain() throws Exception {
        try (JdbcEventStore store = newStore()) {
            store.append("a-1", ExpectedVersion.noStream(), List.of(EventData.of("A", "{}"), EventData.of("A", "{}")));
            assertThatThrownBy(() -> store.removeArchived(null, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("newest event").hasMessageContaining("position 2");
            assertThat(store.headPosition()).isEqualTo(2);
            assertThat(store.streamVersion("a-1")).isEqualTo(2);
        }
    }
}
