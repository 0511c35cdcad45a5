package dev.eventstore;

import dev.eventstore.internal.Args;
import java.time.Duration;

/**
 * How long the events of each stream of a category are kept, set with
 * {@link StreamLifecycle#setRetention} and applied by {@link StreamLifecycle#scavenge}: an event is
 * removed once it is older than {@code maxAge}, or once its stream holds {@code maxCount} newer events.
 * Both limits apply to each stream of the category on its own, never to the category as a whole, so
 * that a busy stream does not push a quiet one out. A stream's last event is always kept: it carries
 * the stream's version, which appends continue from.
 *
 * @param maxAge events recorded longer ago than this are removed; null for no age limit
 * @param maxCount a stream keeps at most this many of its newest events; 0 for no count limit
 */
public record RetentionPolicy(Duration maxAge, long maxCount) {

    /**
     * @param maxAge null or positive
     * @param maxCount 0 (no limit) or positive
     * @throws IllegalArgumentException if {@code maxAge} is zero or negative, {@code maxCount} is
     *     negative, or neither limit is set
     */
    public RetentionPolicy {
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new IllegalArgumentException("maxAge must be positive, was: " + maxAge);
        }
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be 0 (no limit) or positive, was: " + maxCount);
        }
        if (maxAge == null && maxCount == 0) {
            throw new IllegalArgumentException("a retention policy needs a maxAge or a maxCount; both are unset");
        }
    }

    /**
     * @param maxAge how long events are kept; positive
     * @return a policy that removes events older than {@code maxAge}
     * @throws IllegalArgumentException if {@code maxAge} is null, zero or negative
     */
    public static RetentionPolicy maxAge(Duration maxAge) {
        return new RetentionPolicy(Args.notNull("maxAge", maxAge), 0);
    }

    /**
     * @param maxCount how many of each stream's newest events are kept; positive
     * @return a policy that keeps the newest {@code maxCount} events of each stream
     * @throws IllegalArgumentException if {@code maxCount} is below 1
     */
    public static RetentionPolicy maxCount(long maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, was: " + maxCount);
        }
        return new RetentionPolicy(null, maxCount);
    }
}
