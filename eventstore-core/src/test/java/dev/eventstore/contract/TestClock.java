package dev.eventstore.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock the test moves: deadlines come due when the test says so, not after a real wait. Safe for
 * concurrent use. Its time is whole microseconds, which every store keeps exactly.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    /** A clock at the current time, cut to the millisecond. */
    public TestClock() {
        this.now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** @param duration how far to move the clock forward */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
