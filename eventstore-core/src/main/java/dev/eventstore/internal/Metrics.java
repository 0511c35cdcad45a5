package dev.eventstore.internal;

import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.metrics.MetricsListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetricsListener} that keeps a user's listener from failing the work it observes: every call
 * is passed on, and what it throws is logged (the first time as a warning, later at debug level) and
 * dropped.
 */
public final class Metrics implements MetricsListener {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

    private final MetricsListener listener;
    /** Whether a listener has failed yet in this JVM: the first failure is a warning, later ones are logged at debug level. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Metrics(MetricsListener listener) {
        this.listener = listener;
    }

    /**
     * @param listener a listener, not null
     * @return {@link MetricsListener#NONE} for it, the listener itself if already guarded, or a guard
     */
    public static MetricsListener guard(MetricsListener listener) {
        Args.notNull("listener", listener);
        return listener == NONE || listener instanceof Metrics ? listener : new Metrics(listener);
    }

    /**
     * @param listener a listener, guarded or not
     * @return the listener a guard wraps, or the listener itself
     */
    public static MetricsListener unguarded(MetricsListener listener) {
        return listener instanceof Metrics guard ? guard.listener : listener;
    }

    /**
     * Reports a failed append as a conflict or as a failure.
     *
     * @param metrics where to report
     * @param streamId the stream
     * @param error what the append threw
     * @param startNanos {@link System#nanoTime()} when the append started
     */
    public static void appendFailed(MetricsListener metrics, String streamId, RuntimeException error,
            long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (isConflict(error)) {
            metrics.conflicted(streamId, error, took);
        } else {
            metrics.appendFailed(streamId, error, took);
        }
    }

    /**
     * @param error what an append threw
     * @return true if another writer came first: the append may succeed when decided again
     */
    public static boolean isConflict(RuntimeException error) {
        return error instanceof WrongExpectedVersionException || error instanceof AppendConditionFailedException
                || error instanceof DuplicateEventIdException || error instanceof ConcurrencyConflictException;
    }

    private void failed(String method, RuntimeException e) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("The metrics listener {} failed in {}; its failures are ignored (later ones logged at debug level)",
                    listener.getClass().getName(), method, e);
        } else {
            LOG.debug("The metrics listener {} failed in {}", listener.getClass().getName(), method, e);
        }
    }

    @Override
    public void appended(String streamId, int events, Duration duration) {
        try {
            listener.appended(streamId, events, duration);
        } catch (RuntimeException e) {
            failed("appended", e);
        }
    }

    @Override
    public void conflicted(String streamId, RuntimeException conflict, Duration duration) {
        try {
            listener.conflicted(streamId, conflict, duration);
        } catch (RuntimeException e) {
            failed("conflicted", e);
        }
    }

    @Override
    public void appendFailed(String streamId, RuntimeException error, Duration duration) {
        try {
            listener.appendFailed(streamId, error, duration);
        } catch (RuntimeException e) {
            failed("appendFailed", e);
        }
    }

    @Override
    public void consumerStarted(Consumer consumer) {
        try {
            listener.consumerStarted(consumer);
        } catch (RuntimeException e) {
            failed("consumerStarted", e);
        }
    }

    @Override
    public void consumerStopped(Consumer consumer) {
        try {
            listener.consumerStopped(consumer);
        } catch (RuntimeException e) {
            failed("consumerStopped", e);
        }
    }

    @Override
    public void handled(String consumer, RecordedEvent last, int events, Duration duration) {
        try {
            listener.handled(consumer, last, events, duration);
        } catch (RuntimeException e) {
            failed("handled", e);
        }
    }

    @Override
    public void retrying(String consumer, long position, int attempt, Throwable error) {
        try {
            listener.retrying(consumer, position, attempt, error);
        } catch (RuntimeException e) {
            failed("retrying", e);
        }
    }

    @Override
    public void consumerFailed(String consumer, long position, Throwable error) {
        try {
            listener.consumerFailed(consumer, position, error);
        } catch (RuntimeException e) {
            failed("consumerFailed", e);
        }
    }

    @Override
    public void parked(String consumer, long position, Throwable error) {
        try {
            listener.parked(consumer, position, error);
        } catch (RuntimeException e) {
            failed("parked", e);
        }
    }

    @Override
    public Handling handling(String consumer, RecordedEvent event) {
        Handling handling;
        try {
            handling = listener.handling(consumer, event);
        } catch (RuntimeException e) {
            failed("handling", e);
            return Handling.NONE;
        }
        if (handling == null || handling == Handling.NONE) {
            return Handling.NONE;
        }
        return new Handling() {
            @Override
            public void failed(Throwable error) {
                try {
                    handling.failed(error);
                } catch (RuntimeException e) {
                    Metrics.this.failed("Handling.failed", e);
                }
            }

            @Override
            public void close() {
                try {
                    handling.close();
                } catch (RuntimeException e) {
                    Metrics.this.failed("Handling.close", e);
                }
            }
        };
    }
}
