package lab.backpressure.consumer.processing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * The consumer's timers and gauges (Prometheus names in the lab contract; the counters are in
 * {@link OutcomeCounters}). Gauges read {@link ProcessingLoad} and the current config, so they cannot
 * drift from {@code /status}.
 * Percentile histograms for the timers are switched on in application.yml; the batch size's here,
 * because its range follows the configured maximum.
 */
@Component
class ProcessingMetrics {

    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Timer processingTime;
    private final Map<Priority, Timer> endToEndLatency = new EnumMap<>(Priority.class);
    private final DistributionSummary batchSize;

    ProcessingMetrics(MeterRegistry registry, ProcessingLoad load, Settings settings, ConsumerLimits limits) {
        processingTime = Timer.builder("consumer.processing")
                .description("Time spent processing one item (slow-down included)")
                .register(registry);
        for (Priority priority : Priority.values()) {
            endToEndLatency.put(priority, Timer.builder("consumer.end.to.end.latency")
                    .description("Time from an item's creation at the producer until it was processed")
                    .tag("priority", priority.label())
                    .register(registry));
        }
        batchSize = DistributionSummary.builder("consumer.batch.size")
                .description("Items per POST /process/batch request")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) limits.maxBatchSize())
                .register(registry);
        Gauge.builder("consumer.in.flight", load, ProcessingLoad::inFlight)
                .description("Requests holding a processing slot now (a batch counts once)")
                .register(registry);
        Gauge.builder("consumer.waiting", load, ProcessingLoad::waiting)
                .description("Requests waiting for a free processing slot")
                .register(registry);
        Gauge.builder("consumer.slowdown.factor", settings, s -> s.get(SlowDown.class).slowdownFactor())
                .description("Current slow-down factor (1 = normal)")
                .register(registry);
        Gauge.builder("consumer.processing.time", settings, s -> Processing.effectiveProcessingTimeMs(s.now()) / MILLIS_PER_SECOND)
                .description("Configured mean processing time per item, slow-down included")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("consumer.capacity.per.second", settings, s -> Processing.capacityPerSecond(s.now(), load.lastBatchSize()))
                .description("Items per second the consumer can process at the current config and last batch size")
                .register(registry);
    }

    void recordProcessed(Duration processing, Duration endToEnd, Priority priority) {
        processingTime.record(processing);
        endToEndLatency.get(priority).record(endToEnd);
    }

    void recordBatchSize(int items) {
        batchSize.record(items);
    }
}
