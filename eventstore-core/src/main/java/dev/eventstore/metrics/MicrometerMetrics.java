package dev.eventstore.metrics;

import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import dev.eventstore.typed.EventMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MetricsListener} that records into a Micrometer {@link MeterRegistry}, and, given an
 * {@link ObservationRegistry}, opens an observation around each event a reactor or per-event
 * subscription handles, carrying the event's correlation and causation ids.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * store.metricsListener(new MicrometerMetrics(registry, "orders"));
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of this library: a user who builds this class puts
 * {@code io.micrometer:micrometer-core} on the class path; a store without it never loads this class.
 *
 * <p>The meters, each tagged {@code store} with the name given here, consumer meters also
 * {@code consumer} (a subscription's name, a reactor's checkpoint name):
 * <ul>
 *   <li>{@value #APPENDS}, a timer of append calls, tagged {@code outcome}: {@code appended},
 *       {@code conflict} (wrong expected version, failed condition, event id used for other content)
 *       or {@code error};</li>
 *   <li>{@value #EVENTS_APPENDED}, a counter of the events of successful appends;</li>
 *   <li>{@value #CONSUMER_HANDLING}, a timer of handled batches (one event each for per-event
 *       subscriptions), and {@value #CONSUMER_EVENTS}, a counter of handled events;</li>
 *   <li>{@value #CONSUMER_LAG_EVENTS}, a gauge: positions from the first event waiting for the consumer
 *       to the head of what it reads ({@link MetricsListener.Consumer#lagEvents()}); -1 when its source
 *       cannot be read;</li>
 *   <li>{@value #CONSUMER_LAG_TIME}, a time gauge: how long the oldest event waiting for the consumer has
 *       waited since it was appended, 0 when none waits; NaN when its source cannot be read;</li>
 *   <li>{@value #CONSUMER_RETRIES}, {@value #CONSUMER_FAILURES} and {@value #CONSUMER_PARKED},
 *       counters of failed attempts that will be retried, consumers stopped by a failure, and events
 *       set aside.</li>
 * </ul>
 * The lag gauges exist while the consumer runs, and are removed when it stops. Reading them reads the
 * head of the consumer's source, which for a JDBC store is a query: registries read gauges when they
 * publish, not per event.
 *
 * <p>The observation, named {@value #HANDLE_OBSERVATION}, has the low-cardinality key values
 * {@code eventstore.consumer} and {@code eventstore.event.type}, and the high-cardinality ones
 * {@code eventstore.event.id}, {@code eventstore.position}, {@code eventstore.correlation.id} and
 * {@code eventstore.causation.id} (the last two when the event's metadata has them). It is current
 * while the handler runs, so a tracing bridge makes what the handler does (commands it sends, appends
 * it makes) part of the event's trace.
 */
public final class MicrometerMetrics implements MetricsListener {

    /** Append calls: a timer. */
    public static final String APPENDS = "eventstore.appends";
    /** Events appended: a counter. */
    public static final String EVENTS_APPENDED = "eventstore.events.appended";
    /** Batches a consumer handled: a timer. */
    public static final String CONSUMER_HANDLING = "eventstore.consumer.handling";
    /** Events a consumer handled: a counter. */
    public static final String CONSUMER_EVENTS = "eventstore.consumer.events";
    /** Positions a consumer is behind: a gauge. */
    public static final String CONSUMER_LAG_EVENTS = "eventstore.consumer.lag.events";
    /** How far behind in time a consumer is: a time gauge. */
    public static final String CONSUMER_LAG_TIME = "eventstore.consumer.lag.time";
    /** Failed attempts that are retried: a counter. */
    public static final String CONSUMER_RETRIES = "eventstore.consumer.retries";
    /** Consumers stopped by a failure: a counter. */
    public static final String CONSUMER_FAILURES = "eventstore.consumer.failures";
    /** Events set aside: a counter. */
    public static final String CONSUMER_PARKED = "eventstore.consumer.parked";
    /** The observation around an event's handling. */
    public static final String HANDLE_OBSERVATION = "eventstore.handle";

    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final Tags storeTags;
    private final Timer appended;
    private final Timer conflicted;
    private final Timer failed;
    private final Counter eventsAppended;
    private final Map<String, ConsumerMeters> consumers = new ConcurrentHashMap<>();
    /** The lag gauges of the consumers that run, by name. */
    private final Map<String, LagGauges> running = new ConcurrentHashMap<>();

    /**
     * Records meters only, no observations.
     *
     * @param registry where the meters go
     * @param storeName the value of every meter's {@code store} tag, naming the store among others that
     *     report to the same registry (a service's name, say)
     * @throws IllegalArgumentException if an argument is null, or the name blank
     */
    public MicrometerMetrics(MeterRegistry registry, String storeName) {
        this(registry, storeName, ObservationRegistry.NOOP);
    }

    /**
     * @param registry where the meters go
     * @param storeName the value of every meter's {@code store} tag
     * @param observations where observations of handled events go; {@link ObservationRegistry#NOOP} for
     *     none
     * @throws IllegalArgumentException if an argument is null, or the name blank
     */
    public MicrometerMetrics(MeterRegistry registry, String storeName, ObservationRegistry observations) {
        this.registry = Args.notNull("registry", registry);
        this.observations = Args.notNull("observations", observations);
        Args.notNull("storeName", storeName);
        if (storeName.isBlank()) {
            throw new IllegalArgumentException("storeName must not be blank: '" + storeName + "'");
        }
        this.storeTags = Tags.of("store", storeName);
        this.appended = appendTimer("appended");
        this.conflicted = appendTimer("conflict");
        this.failed = appendTimer("error");
        this.eventsAppended = Counter.builder(EVENTS_APPENDED).description("Events appended").tags(storeTags)
                .register(registry);
    }

    /** @return the registry the meters go to */
    public MeterRegistry registry() {
        return registry;
    }

    private Timer appendTimer(String outcome) {
        return Timer.builder(APPENDS).description("Append calls, by outcome").tags(storeTags).tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void appended(String streamId, int events, Duration duration) {
        appended.record(duration);
        eventsAppended.increment(events);
    }

    @Override
    public void conflicted(String streamId, RuntimeException conflict, Duration duration) {
        conflicted.record(duration);
    }

    @Override
    public void appendFailed(String streamId, RuntimeException error, Duration duration) {
        failed.record(duration);
    }

    @Override
    public void consumerStarted(Consumer consumer) {
        meters(consumer.name());
        running.compute(consumer.name(), (name, earlier) -> {
            if (earlier != null) {
                earlier.remove();
            }
            return new LagGauges(consumer);
        });
    }

    @Override
    public void consumerStopped(Consumer consumer) {
        // A stopped consumer has no lag to show; one started again under the name registers anew. A
        // report that comes after the stop touches only the counters, never brings the gauges back.
        running.computeIfPresent(consumer.name(), (name, gauges) -> {
            if (gauges.consumer != consumer) {
                return gauges;
            }
            gauges.remove();
            return null;
        });
    }

    @Override
    public void handled(String consumer, RecordedEvent last, int events, Duration duration) {
        ConsumerMeters meters = meters(consumer);
        meters.handling.record(duration);
        meters.events.increment(events);
    }

    @Override
    public void retrying(String consumer, long position, int attempt, Throwable error) {
        meters(consumer).retries.increment();
    }

    @Override
    public void consumerFailed(String consumer, long position, Throwable error) {
        meters(consumer).failures.increment();
    }

    @Override
    public void parked(String consumer, long position, Throwable error) {
        meters(consumer).parked.increment();
    }

    @Override
    public Handling handling(String consumer, RecordedEvent event) {
        if (observations.isNoop()) {
            return Handling.NONE;
        }
        Observation observation = Observation.createNotStarted(HANDLE_OBSERVATION, observations)
                .contextualName("handle " + event.type())
                .lowCardinalityKeyValue("eventstore.consumer", consumer)
                .lowCardinalityKeyValue("eventstore.event.type", event.type())
                .highCardinalityKeyValue("eventstore.event.id", event.id().toString())
                .highCardinalityKeyValue("eventstore.position", Long.toString(event.position()));
        EventMetadata metadata = metadataOf(event);
        metadata.correlationId().ifPresent(id -> observation.highCardinalityKeyValue("eventstore.correlation.id", id));
        metadata.causationId().ifPresent(id -> observation.highCardinalityKeyValue("eventstore.causation.id", id));
        observation.start();
        Observation.Scope scope = observation.openScope();
        return new Handling() {
            @Override
            public void failed(Throwable error) {
                observation.error(error);
            }

            @Override
            public void close() {
                scope.close();
                observation.stop();
            }
        };
    }

    private static EventMetadata metadataOf(RecordedEvent event) {
        try {
            return EventMetadata.fromJson(event.metadata());
        } catch (RuntimeException e) {
            // Metadata that is not this library's kind of object: the observation goes without the ids.
            return EventMetadata.empty();
        }
    }

    private ConsumerMeters meters(String consumer) {
        return consumers.computeIfAbsent(consumer, ConsumerMeters::new);
    }

    /** The meters of one consumer name. */
    private final class ConsumerMeters {

        final Timer handling;
        final Counter events;
        final Counter retries;
        final Counter failures;
        final Counter parked;

        ConsumerMeters(String name) {
            Tags tags = consumerTags(name);
            handling = Timer.builder(CONSUMER_HANDLING).description("Batches a consumer handled").tags(tags)
                    .register(registry);
            events = Counter.builder(CONSUMER_EVENTS).description("Events a consumer handled").tags(tags)
                    .register(registry);
            retries = Counter.builder(CONSUMER_RETRIES).description("Failed handler attempts that are retried")
                    .tags(tags).register(registry);
            failures = Counter.builder(CONSUMER_FAILURES).description("Consumers stopped by a failure").tags(tags)
                    .register(registry);
            parked = Counter.builder(CONSUMER_PARKED).description("Events set aside").tags(tags).register(registry);
        }
    }

    private static double lagMillis(Consumer consumer) {
        Duration lag = consumer.lagTime();
        return lag == null ? Double.NaN : lag.toMillis();
    }

    private Tags consumerTags(String consumer) {
        return storeTags.and("consumer", consumer);
    }

    /** The lag gauges of one running consumer. */
    private final class LagGauges {

        final Consumer consumer;
        final List<Meter> gauges;

        LagGauges(Consumer consumer) {
            this.consumer = consumer;
            Tags tags = consumerTags(consumer.name());
            gauges = List.of(
                    Gauge.builder(CONSUMER_LAG_EVENTS, consumer, c -> c.lagEvents())
                            .description("Positions from the first event waiting for a consumer to the head")
                            .tags(tags).strongReference(true).register(registry),
                    TimeGauge.builder(CONSUMER_LAG_TIME, consumer, TimeUnit.MILLISECONDS, MicrometerMetrics::lagMillis)
                            .description("How long the oldest event waiting for a consumer has waited").tags(tags)
                            .strongReference(true).register(registry));
        }

        void remove() {
            for (Meter gauge : gauges) {
                registry.remove(gauge);
            }
        }
    }
}
