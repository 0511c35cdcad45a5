package dev.eventstore.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how far a projection has got while it catches up: events handled, position out of the head
 * position seen at the start, and the rate. Called from the subscription thread ({@link #handled})
 * and from the runner's watcher ({@link #caughtUp}).
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final String name;
    private final String what;
    private final long startPosition;
    private final long headPosition;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();

    // Guarded by this.
    private long events;
    private long position;
    private long lastLogNanos = startNanos;
    private boolean caughtUp;

    /**
     * @param name the projection's name
     * @param what "rebuild" or "catch-up", for the log lines
     * @param startPosition the position it starts after
     * @param headPosition the log's head position when it started: the target of the catch-up
     * @param intervalNanos the least time between two progress lines
     */
    Progress(String name, String what, long startPosition, long headPosition, long intervalNanos) {
        this.name = name;
        this.what = what;
        this.startPosition = startPosition;
        this.position = startPosition;
        this.headPosition = headPosition;
        this.intervalNanos = intervalNanos;
    }

    synchronized void handled(int count, long lastPosition) {
        events += count;
        position = lastPosition;
        if (caughtUp) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastLogNanos >= intervalNanos) {
            lastLogNanos = now;
            // Positions are exact progress; the count of events to come is not known up front when
            // the projection filters the log, so the total is given as positions, approximately.
            long span = Math.max(1, headPosition - startPosition);
            long percent = Math.min(100, Math.max(0, (position - startPosition) * 100 / span));
            LOG.info("Projection '{}' {}: {} events done, position {} of ~{} ({}%), {} events/s", name, what, events,
                    position, headPosition, percent, rate(now));
        }
    }

    synchronized void caughtUp() {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        long now = System.nanoTime();
        LOG.info("Projection '{}' {} done: {} events in {} ms ({} events/s), at position {}; now live", name, what,
                events, (now - startNanos) / 1_000_000, rate(now), position);
    }

    private long rate(long now) {
        long elapsed = Math.max(1, now - startNanos);
        return events * 1_000_000_000L / elapsed;
    }
}
