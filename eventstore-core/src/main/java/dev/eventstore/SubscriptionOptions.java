package dev.eventstore;

import dev.eventstore.internal.Args;
import dev.eventstore.reactor.Poison;

/**
 * What a subscription delivers and how: its filter, where it starts, its name, its batch size, its
 * retry policy and what it does with a poison event. Immutable; built with {@link #builder(EventFilter)} and checked when built.
 *
 * <pre>{@code
 * SubscriptionOptions options = SubscriptionOptions.builder(EventFilter.category("account"))
 *         .name("balances")
 *         .afterPosition(checkpoint)
 *         .retry(new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(30)))
 *         .build();
 * }</pre>
 *
 * @param filter which events are delivered
 * @param afterPosition deliver only events above this position; 0 for the whole log
 * @param name the subscription's name, used in log lines and thread names
 * @param batchSize the most events read, and handed to a batch handler, at once
 * @param retry how a failing handler is retried
 * @param poison what a per-event subscription does with an event its handler still fails on once the
 *     retries are used up: {@link Poison#STOP} (the default) or {@link Poison#PARK}; see
 *     {@link Builder#onPoison}
 */
public record SubscriptionOptions(EventFilter filter, long afterPosition, String name, int batchSize,
        RetryPolicy retry, Poison poison) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The largest batch size. */
    public static final int MAX_BATCH_SIZE = 10_000;
    /** The longest subscription name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * @param filter which events are delivered
     * @param afterPosition deliver only events above this position; 0 for the whole log
     * @param name the subscription's name
     * @param batchSize the most events read, and handed to a batch handler, at once
     * @param retry how a failing handler is retried
     * @param poison what is done with a poison event
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public SubscriptionOptions {
        Args.notNull("filter", filter);
        Args.atLeast("afterPosition", afterPosition, 0);
        Args.name("name", name, MAX_NAME_LENGTH);
        Args.atLeast("batchSize", batchSize, 1);
        if (batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be at most " + MAX_BATCH_SIZE + ", was: " + batchSize);
        }
        Args.notNull("retry", retry);
        Args.notNull("poison", poison);
    }

    /**
     * Options that stop on a poison event ({@link Poison#STOP}).
     *
     * @param filter which events are delivered
     * @param afterPosition deliver only events above this position; 0 for the whole log
     * @param name the subscription's name
     * @param batchSize the most events read, and handed to a batch handler, at once
     * @param retry how a failing handler is retried
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public SubscriptionOptions(EventFilter filter, long afterPosition, String name, int batchSize, RetryPolicy retry) {
        this(filter, afterPosition, name, batchSize, retry, Poison.STOP);
    }

    /**
     * @param filter which events to deliver
     * @param afterPosition deliver only events above this position; 0 for the whole log
     * @return options with the default name, batch size and retry policy
     * @throws IllegalArgumentException if {@code filter} is null or {@code afterPosition} negative
     */
    public static SubscriptionOptions of(EventFilter filter, long afterPosition) {
        return builder(filter).afterPosition(afterPosition).build();
    }

    /**
     * @param filter which events to deliver
     * @return a builder starting from the defaults: the whole log, a name taken from the filter (its
     *     description, shortened to {@value #MAX_NAME_LENGTH} characters),
     *     {@value #DEFAULT_BATCH_SIZE} events a batch, {@link RetryPolicy#defaults()}, stopping on a
     *     poison event
     * @throws IllegalArgumentException if {@code filter} is null
     */
    public static Builder builder(EventFilter filter) {
        return new Builder(Args.notNull("filter", filter));
    }

    /** Builds {@link SubscriptionOptions}; each setter checks its value at once. */
    public static final class Builder {
        private final EventFilter filter;
        private long afterPosition;
        private String name;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Poison poison = Poison.STOP;

        private Builder(EventFilter filter) {
            this.filter = filter;
        }

        /**
         * @param afterPosition deliver only events above this position; 0 for the whole log
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder afterPosition(long afterPosition) {
            this.afterPosition = Args.atLeast("afterPosition", afterPosition, 0);
            return this;
        }

        /**
         * @param name the subscription's name, for log lines and thread names
         * @return this builder
         * @throws IllegalArgumentException if blank, too long, or holding control characters or an
         *     unpaired surrogate
         */
        public Builder name(String name) {
            this.name = Args.name("name", name, MAX_NAME_LENGTH);
            return this;
        }

        /**
         * @param batchSize the most events read, and handed to a batch handler, at once
         * @return this builder
         * @throws IllegalArgumentException if below 1 or above {@value #MAX_BATCH_SIZE}
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was: "
                        + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param retry how a failing handler is retried
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Args.notNull("retry", retry);
            return this;
        }

        /**
         * What a per-event subscription ({@link EventStore#subscribe(SubscriptionOptions, EventHandler)})
         * does with a poison event: one its handler still fails on once the {@link #retry retry policy}'s
         * attempts are used up.
         *
         * <p>{@link Poison#STOP} (the default) stops the subscription with the error
         * ({@link Subscription.State#FAILED}): it never moves past the event. {@link Poison#PARK} records the
         * event, its error and its attempts in the store's
         * {@link TransactionalEventStore#parkedEventStore() parked events}, under the subscription's
         * {@linkplain #name name} (which must then be given), and goes on. From then on the later events of
         * the same stream are recorded as waiting behind it, unhandled, so that a stream's events are never
         * handled out of order; the events of other streams go on. {@link Subscription#parkedEvents()}
         * lists, retries and skips them. Parking needs a store that keeps parked events (a
         * {@link TransactionalEventStore}) and a per-event subscription: {@code subscribe} refuses it
         * otherwise, and so does {@code subscribeBatches}, whose handler fails for a batch, not an event.
         *
         * @param poison what to do with a poison event
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder onPoison(Poison poison) {
            this.poison = Args.notNull("poison", poison);
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if {@link #onPoison onPoison(Poison.PARK)} was set without a
         *     {@link #name name}: parked events are kept under the subscription's name, and one made up
         *     from the filter would mix two subscriptions' events
         */
        public SubscriptionOptions build() {
            if (poison == Poison.PARK && name == null) {
                throw new IllegalArgumentException("a subscription of " + filter + " that parks poison events "
                        + "(onPoison(PARK)) needs a name(...): its parked events are kept under it");
            }
            return new SubscriptionOptions(filter, afterPosition, name != null ? name : defaultName(filter), batchSize,
                    retry, poison);
        }

        /**
         * The filter's description, shortened to {@value #MAX_NAME_LENGTH} characters: a valid filter
         * (a 200-character stream id, a query of many items) may describe itself at greater length.
         */
        private static String defaultName(EventFilter filter) {
            String description = filter.toString();
            if (description.length() <= MAX_NAME_LENGTH) {
                return description;
            }
            int cut = MAX_NAME_LENGTH - 3;
            if (Character.isLowSurrogate(description.charAt(cut))) {
                cut--;
            }
            return description.substring(0, cut) + "...";
        }
    }
}
