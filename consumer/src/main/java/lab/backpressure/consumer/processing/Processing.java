package lab.backpressure.consumer.processing;

import java.util.random.RandomGenerator;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the consumer processes items ({@code lab.consumer.*} at startup, {@code POST /admin/config} at runtime):
 * each item takes {@code processingTimeMs}, or with {@code variableProcessing} a uniform draw in
 * [{@code processingMinMs}, {@code processingMaxMs}]; {@code concurrency} requests are processed at once;
 * {@code requestOverheadMs} is a fixed cost per request on top of its items' processing time (connection,
 * parsing, a database round trip: what batching amortises). Every time here is scaled by the
 * {@link SlowDown} factor. The ranges are {@link ConsumerLimits}'.
 */
@ConfigurationProperties("lab.consumer")
public record Processing(
        @DefaultValue("100") long processingTimeMs,
        @DefaultValue("false") boolean variableProcessing,
        @DefaultValue("50") long processingMinMs,
        @DefaultValue("500") long processingMaxMs,
        @DefaultValue("1") int concurrency,
        @DefaultValue("0") long requestOverheadMs) implements AdminSettings {

    private static final double MILLIS_PER_SECOND = 1000.0;

    /** The slowed-down processing time of one item: the fixed time, or a uniform draw in [min, max]. */
    long drawProcessingTimeMs(RandomGenerator random, double slowdownFactor) {
        long base = variableProcessing ? random.nextLong(processingMinMs, processingMaxMs + 1) : processingTimeMs;
        return Math.round(base * slowdownFactor);
    }

    /** Mean slowed-down processing time of one item, in milliseconds. */
    double meanProcessingTimeMs(double slowdownFactor) {
        double meanBase = variableProcessing ? (processingMinMs + processingMaxMs) / 2.0 : processingTimeMs;
        return meanBase * slowdownFactor;
    }

    /** Mean time a request of {@code items} items holds its slot: the request overhead once, then each item. */
    double requestTimeMs(int items, double slowdownFactor) {
        return requestOverheadMs + items * meanProcessingTimeMs(slowdownFactor);
    }

    /** {@code effective_processing_time_ms}: the mean processing time of one item in {@code settings}, slowed down. */
    public static double effectiveProcessingTimeMs(Settings settings) {
        return settings.get(Processing.class).meanProcessingTimeMs(settings.get(SlowDown.class).slowdownFactor());
    }

    /**
     * {@code capacity_per_second}: items per second the consumer can finish when it is never idle and every request
     * carries {@code itemsPerRequest} items: concurrency x n x 1000 / (overhead + n x effective processing time).
     */
    public static double capacityPerSecond(Settings settings, int itemsPerRequest) {
        Processing processing = settings.get(Processing.class);
        double requestTimeMs = processing.requestTimeMs(itemsPerRequest, settings.get(SlowDown.class).slowdownFactor());
        return processing.concurrency() * itemsPerRequest * MILLIS_PER_SECOND / requestTimeMs;
    }
}
