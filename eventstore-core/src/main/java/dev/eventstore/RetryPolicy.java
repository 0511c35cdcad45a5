package dev.eventstore;

import dev.eventstore.internal.Args;
import java.time.Duration;

/**
 * How often, and after how long, a subscription delivers again an event whose handler failed.
 * Attempt {@code n} (from 2) waits {@code initialDelay * 2^(n-2)}, capped at {@code maxDelay}.
 *
 * @param maxAttempts how many times an event is handed to the handler before the subscription stops
 *     with the error; 1 means no retry
 * @param initialDelay the wait before the first retry
 * @param maxDelay the longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    private static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    /**
     * @param maxAttempts how many times an event is handed to the handler; 1 means no retry
     * @param initialDelay the wait before the first retry
     * @param maxDelay the longest wait between two attempts
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1, a delay is null or negative,
     *     or {@code maxDelay} is shorter than {@code initialDelay}
     */
    public RetryPolicy {
        Args.atLeast("maxAttempts", maxAttempts, 1);
        Args.notNull("initialDelay", initialDelay);
        Args.notNull("maxDelay", maxDelay);
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, was: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must not be shorter than initialDelay (" + initialDelay
                    + "), was: " + maxDelay);
        }
    }

    /** @return 5 attempts, waiting 100 ms, then 200 ms, 400 ms, 800 ms: about 1.5 s in all */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /**
     * A policy that never gives up: for handlers that fail only while something else is down (another
     * service, say) and must wait for it however long that takes. A handler that fails for good keeps
     * failing, with a warning in the log at each attempt, and never stops.
     *
     * @param initialDelay the wait before the first retry
     * @param maxDelay the longest wait between two attempts
     * @return {@link Integer#MAX_VALUE} attempts, waiting {@code initialDelay}, doubling up to {@code maxDelay}
     * @throws IllegalArgumentException as the constructor
     */
    public static RetryPolicy forever(Duration initialDelay, Duration maxDelay) {
        return new RetryPolicy(Integer.MAX_VALUE, initialDelay, maxDelay);
    }

    /** @return one attempt: the first failure stops the subscription */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param failedAttempts how many attempts have failed so far, from 1
     * @return how long to wait before the next attempt
     */
    public Duration delayAfter(int failedAttempts) {
        Args.atLeast("failedAttempts", failedAttempts, 1);
        long initial = saturatedNanos(initialDelay);
        int doublings = Math.min(failedAttempts - 1, 62);
        long delay = initial > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initial << doublings;
        return Duration.ofNanos(Math.min(delay, saturatedNanos(maxDelay)));
    }

    /** A delay longer than {@code Long.MAX_VALUE} nanoseconds (about 292 years) counts as that long. */
    private static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
