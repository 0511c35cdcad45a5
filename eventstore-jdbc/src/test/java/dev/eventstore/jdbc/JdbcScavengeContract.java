package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.ScavengeResult;
import dev.eventstore.contract.StreamLifecycleContract;
import org.junit.jupiter.api.Test;

/**
 * A scavenge on a database gives the space back: the storage size it reports (the SQLite file's pages,
 * PostgreSQL's events table with its indexes) shrinks once half of the log is removed and compacted.
 */
public interface JdbcScavengeContract extends StreamLifecycleContract {

    @Test
    default void aCompactingScavengeOfHalfTheLogShrinksItsStorage() {
        for (int s = 0; s < 40; s++) {
            String stream = "bulk-" + UNIQUE.incrementAndGet();
            appendEvents(stream, 250);
            lifecycle().truncateStream(stream, 126, true);
        }

        ScavengeResult result = lifecycle().scavenge(true);

        assertThat(result.eventsRemoved()).isEqualTo(40 * 125);
        assertThat(result.bytesBefore()).isPositive();
        assertThat(result.bytesAfter()).as(result.toString()).isLessThan(result.bytesBefore() * 3 / 4);
        assertThat(result.bytesReclaimed()).isEqualTo(result.bytesBefore() - result.bytesAfter());
        assertThat(readAll()).hasSize(40 * 125);
    }
}
