package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.ScavengeResult;
import dev.eventstore.StreamLifecycle;
import dev.eventstore.contract.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * A scavenge on a database gives the space back: the storage size it reports (the SQLite file's pages,
 * PostgreSQL's events table with its indexes) shrinks once half of the log is removed and compacted.
 *
 * <p>On PostgreSQL, VACUUM keeps rows that a transaction anywhere in the same database might still
 * see, so the store under test must be alone in its database (tests of other modules running at the
 * same time would otherwise keep the removed rows alive).
 */
public interface JdbcScavengeContract extends StoreFixture {

    /** @return the store under test, as a {@link StreamLifecycle} */
    default StreamLifecycle lifecycle() {
        return (StreamLifecycle) store();
    }

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
        assertThat(result.bytesReclaimed()).isEqualTo(result.bytesBefore() - result.bytesAfter());
        long after = result.bytesAfter();
        if (after >= result.bytesBefore() * 3 / 4) {
            // On PostgreSQL a transaction of the database that began before the delete (autovacuum's
            // ANALYZE of the table just filled, say) keeps the removed rows until it ends: the next
            // compacting scavenge gives their space back, removing nothing more.
            ScavengeResult again = lifecycle().scavenge(true);
            assertThat(again.eventsRemoved()).isZero();
            after = again.bytesAfter();
        }
        assertThat(after).as(result.toString()).isLessThan(result.bytesBefore() * 3 / 4);
        assertThat(readAll()).hasSize(40 * 125);
    }

    @Test
    default void aRetentionAgeTheDatabaseCannotHoldIsRefusedByValueAndScavengesGoOn() {
        java.time.Duration tooShort = java.time.Duration.ofNanos(500);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lifecycle().setRetention("brief",
                dev.eventstore.RetentionPolicy.maxAge(tooShort)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(tooShort.toString());
        java.time.Duration tooLong = java.time.Duration.ofSeconds(Long.MAX_VALUE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lifecycle().setRetention("brief",
                dev.eventstore.RetentionPolicy.maxAge(tooLong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(tooLong.toString());
        assertThat(lifecycle().retention("brief")).isEmpty();
        java.time.Duration ages = java.time.Duration.ofDays(365L * 250_000);
        lifecycle().setRetention("brief", dev.eventstore.RetentionPolicy.maxAge(ages));
        assertThat(lifecycle().retention("brief")).contains(dev.eventstore.RetentionPolicy.maxAge(ages));
        assertThat(lifecycle().scavenge(false).eventsRemoved()).isZero();
    }
}
