package dev.eventstore.metrics;

import dev.eventstore.RecordedEvent;
import java.time.Duration;

/**
 * What a store and its consumers report as they work: appends, conflicts, handled events, retries,
 * failures and parked events, and the consumers whose lag can be read.
 *
 * <p>Every method has an empty default, so a listener overrides what it needs. {@link MicrometerMetrics}
 * turns the reports into Micrometer meters and observations; the store itself depends on nothing but
 * this interface, so it runs without Micrometer.
 *
 * <p>Set one on a store with {@link dev.eventstore.spi.AbstractEventStore#metricsListener(MetricsListener)};
 * the store's subscriptions, and the projection runners and reactors built on it, report to the same
 * listener. Methods are called on the threads that do the work (an appending thread, a subscription's
 * thread), so they must be quick, must not block, and must be safe to call from several threads at
 * once. An exception thrown by a listener is logged and otherwise ignored: metrics never fail an
 * append or stop a consumer.
 */
public interface MetricsListener {

    /** The listener that does nothing: the default of every store. */
    MetricsListener NONE = new MetricsListener() {
    };

    /**
     * Events were appended and are durable: an append outside a transaction returned, or the
     * transaction holding the append committed.
     *
     * @param streamId the stream appended to
     * @param events how many events the append carried (an append that found them already stored, by
     *     their ids, appended nothing but counts them too)
     * @param duration how long the append call took (inside a transaction, the append statement only,
     *     not the commit)
     */
    default void appended(String streamId, int events, Duration duration) {
    }

    /**
     * An append was refused because another writer came first: a wrong expected version, a failed
     * append condition, or an event id already used for other content. Nothing was appended.
     *
     * @param streamId the stream the append was for
     * @param conflict the exception the caller received
     * @param duration how long the refused append took
     */
    default void conflicted(String streamId, RuntimeException conflict, Duration duration) {
    }

    /**
     * An append failed for another reason than a conflict, for example a lost connection. Nothing was
     * appended.
     *
     * @param streamId the stream the append was for
     * @param error the exception the caller received
     * @param duration how long the failed append took
     */
    default void appendFailed(String streamId, RuntimeException error, Duration duration) {
    }

    /**
     * A consumer (a subscription, a projection runner's or a reactor's subscription) started; until
     * {@link #consumerStopped} its {@link Consumer#position()} and lag can be read. A consumer started
     * again under the same name replaces the earlier one.
     *
     * @param consumer the consumer, readable from any thread
     */
    default void consumerStarted(Consumer consumer) {
    }

    /**
     * A consumer stopped: closed, or failed (then {@link #consumerFailed} came first).
     *
     * @param consumer the consumer given to {@link #consumerStarted}
     */
    default void consumerStopped(Consumer consumer) {
    }

    /**
     * A consumer's handler finished a batch (one event for a per-event subscription).
     *
     * @param consumer the consumer's name
     * @param last the batch's last event, now the consumer's position
     * @param events how many events the batch held
     * @param duration how long the handler took, the successful attempt only
     */
    default void handled(String consumer, RecordedEvent last, int events, Duration duration) {
    }

    /**
     * A handler failed on an event and will be called again after a delay.
     *
     * @param consumer the consumer's name
     * @param position the position of the event (the batch's first) that failed
     * @param attempt the attempt that failed, from 1
     * @param error what the handler threw
     */
    default void retrying(String consumer, long position, int attempt, Throwable error) {
    }

    /**
     * A consumer stopped because its handler kept failing, or by an unexpected error.
     *
     * @param consumer the consumer's name
     * @param position the position of the event it failed on
     * @param error the cause
     */
    default void consumerFailed(String consumer, long position, Throwable error) {
    }

    /**
     * A consumer set a poison event aside instead of stopping, and went on.
     *
     * @param consumer the consumer's name
     * @param position the parked event's position
     * @param error what the handler threw on its last attempt, or null for an event parked because an
     *     earlier event of its stream is parked
     */
    default void parked(String consumer, long position, Throwable error) {
    }

    /**
     * An event is about to be handled: the returned scope is closed when its handling ends, and told
     * of a failure first. Reactors and per-event subscriptions open one per event; a listener uses it to
     * make the event's correlation and causation ids current for tracing while the handler runs.
     *
     * @param consumer the consumer's name
     * @param event the event to handle
     * @return a scope to close when the handling ends; never null
     */
    default Handling handling(String consumer, RecordedEvent event) {
        return Handling.NONE;
    }

    /** The scope of one event's handling: see {@link #handling}. */
    interface Handling extends AutoCloseable {

        /** The scope that does nothing. */
        Handling NONE = new Handling() {
        };

        /**
         * The handling failed; called before {@link #close()}, at most once.
         *
         * @param error what the handler threw
         */
        default void failed(Throwable error) {
        }

        /** Ends the scope; never throws. */
        @Override
        default void close() {
        }
    }

    /** A running consumer as the listener sees it: its name, position and lag. */
    interface Consumer {

        /** @return the consumer's name: a subscription's name, a reactor's checkpoint name */
        String name();

        /** @return the position of the last event handled, or the position it started after */
        long position();

        /**
         * @return how many positions lie from the first event waiting for the consumer to the head of what
         *     it reads (the store's log, or a feed): the number of events waiting when it reads every
         *     event, at most that when it filters; 0 when none waits; -1 when its source cannot be read
         *     now. Reads the head and the first waiting event: it queries the database or the feed, so
         *     call it when metrics are gathered, not per event
         */
        long lagEvents();

        /**
         * @return how long ago the oldest event waiting for the consumer was appended: how far behind
         *     in time it is; {@link Duration#ZERO} when none waits; null when its source cannot be read
         *     now. Reads as {@link #lagEvents()} does
         */
        Duration lagTime();
    }
}
