package lab.backpressure.consumer.processing;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;
import java.util.random.RandomGenerator;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the consumer processes items ({@code lab.consumer.*} at startup, {@code POST /admin/config} at runtime):
 * each item takes a draw from {@code processingDistribution}: {@code processingTimeMs} ({@code constant}), uniform
 * in [{@code processingMinMs}, {@code processingMaxMs}] ({@code uniform}, also what the handout's
 * {@code variableProcessing} asks for) or exponential with mean {@code processingTimeMs} ({@code exponential}:
 * the service times of M/M/c), drawn from a generator seeded with {@code processingSeed}, so the same seed replays
 * the same draws; {@code concurrency} requests are processed at once;
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
        @DefaultValue("0") long requestOverheadMs,
        @NotNull @DefaultValue("constant") Distribution processingDistribution,
        @DefaultValue("1") long processingSeed) implements AdminSettings {

    private static final double MILLIS_PER_SECOND = 1000.0;

    public enum Distribution {
        @JsonProperty("constant") CONSTANT,
        @JsonProperty("uniform") UNIFORM,
        @JsonProperty("exponential") EXPONENTIAL;

        /** The name in messages, as in JSON: a refusal lists the names a caller may send. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The handout's {@code variable_processing: true} draws uniformly unless another distribution is chosen. */
    private Distribution distribution() {
        return variableProcessing && processingDistribution == Distribution.CONSTANT
                ? Distribution.UNIFORM : processingDistribution;
    }

    /** The slowed-down processing time of one item, drawn from its distribution: the factor scales every draw. */
    long drawProcessingTimeMs(RandomGenerator random, double slowdownFactor) {
        double base = switch (distribution()) {
            case CONSTANT -> processingTimeMs;
            case UNIFORM -> random.nextLong(processingMinMs, processingMaxMs + 1);
            case EXPONENTIAL -> processingTimeMs * random.nextExponential();
        };
        return Math.round(base * slowdownFactor);
    }

    /** Mean slowed-down processing time of one item, in milliseconds. */
    double meanProcessingTimeMs(double slowdownFactor) {
        double meanBase = distribution() == Distribution.UNIFORM
                ? (processingMinMs + processingMaxMs) / 2.0 : processingTimeMs;
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
