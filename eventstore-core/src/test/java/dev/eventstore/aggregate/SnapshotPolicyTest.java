package dev.eventstore.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {

    @Test
    void everyEventsSnapshotsWhenTheStreamCrossesAMultiple() {
        SnapshotPolicy every100 = SnapshotPolicy.everyEvents(100);

        assertThat(every100.shouldSnapshot(0, 1)).isFalse();
        assertThat(every100.shouldSnapshot(99, 100)).isTrue();
        assertThat(every100.shouldSnapshot(98, 101)).isTrue();
        assertThat(every100.shouldSnapshot(100, 101)).isFalse();
        assertThat(every100.shouldSnapshot(150, 350)).isTrue();
        assertThat(SnapshotPolicy.everyEvents(1).shouldSnapshot(0, 1)).isTrue();
    }

    @Test
    void noneNeverSnapshots() {
        assertThat(SnapshotPolicy.none().shouldSnapshot(0, 1_000_000)).isFalse();
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThatThrownBy(() -> SnapshotPolicy.everyEvents(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, was: 0");
    }

    @Test
    void aSnapshotChecksItsComponents() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new Snapshot("s-1", 0, "T", 1, "{}", now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version must be at least 1");
        assertThatThrownBy(() -> new Snapshot("s-1", 1, "T", 0, "{}", now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schemaVersion must be at least 1");
        assertThatThrownBy(() -> new Snapshot("s-1", 1, "T", 1, "{", now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state is not valid JSON");
        assertThatThrownBy(() -> new Snapshot("s-1", 1, "", 1, "{}", now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stateType must not be blank");
        assertThatThrownBy(() -> new Snapshot("s-1", 1, "T", 1, "{}", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takenAt must not be null");
        assertThat(new Snapshot("s-1", 1, "T", 1, "{\"secret\":1}", now).toString()).doesNotContain("secret");
    }

    @Test
    void aRejectionNeedsAReason() {
        assertThatThrownBy(() -> new CommandRejectedException(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason must not be blank");
        assertThat(new CommandRejectedException("closed").reason()).isEqualTo("closed");
    }
}
