package dev.eventstore.http;

import dev.eventstore.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the consumer meters {@link MicrometerMetrics} records, by consumer name, for the status page.
 * Kept apart from {@link StatusEndpoint} so that only a service that asks for its metrics loads
 * Micrometer.
 */
final class ConsumerMeters {

    private ConsumerMeters() {
    }

    /**
     * @param registry the registry to read
     * @return reads, on every call, each consumer's lag and counts
     */
    static Supplier<Map<String, Object>> reader(MeterRegistry registry) {
        return () -> read(registry);
    }

    private static Map<String, Object> read(MeterRegistry registry) {
        Map<String, Map<String, Object>> byConsumer = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            String consumer = meter.getId().getTag("consumer");
            if (consumer == null || !name.startsWith("eventstore.consumer.")) {
                continue;
            }
            Map<String, Object> row = byConsumer.computeIfAbsent(consumer, c -> new LinkedHashMap<>());
            switch (name) {
                case MicrometerMetrics.CONSUMER_LAG_EVENTS -> {
                    double lag = ((Gauge) meter).value();
                    if (!Double.isNaN(lag) && lag >= 0) {
                        row.put("lagEvents", (long) lag);
                    }
                }
                case MicrometerMetrics.CONSUMER_LAG_TIME -> {
                    double lag = ((TimeGauge) meter).value(TimeUnit.MILLISECONDS);
                    if (!Double.isNaN(lag)) {
                        row.put("lagMillis", (long) lag);
                    }
                }
                case MicrometerMetrics.CONSUMER_EVENTS -> row.put("events", (long) ((Counter) meter).count());
                case MicrometerMetrics.CONSUMER_RETRIES -> row.put("retries", (long) ((Counter) meter).count());
                case MicrometerMetrics.CONSUMER_FAILURES -> row.put("failures", (long) ((Counter) meter).count());
                case MicrometerMetrics.CONSUMER_PARKED -> row.put("parked", (long) ((Counter) meter).count());
                default -> {
                }
            }
        }
        return new TreeMap<>(byConsumer);
    }
}
