package lab.backpressure.consumer.processing;

import java.util.random.RandomGenerator;

/**
 * How the consumer processes items; {@code requestOverheadMs} is a fixed cost per request on top of the
 * items' processing time (connection, parsing, a database round trip: what batching amortises);
 * {@code shedding} bounds how many requests may wait for a slot; {@code failureInjection} makes a share
 * of the items fail on purpose.
 * Immutable: a change builds a new config that is swapped in whole, so a reader never sees half of an update.
 */
public record ProcessingConfig(
        long processingTimeMs,
        double slowdownFactor,
        boolean variableProcessing,
        long processingMinMs,
        long processingMaxMs,
        int concurrency,
        long requestOverheadMs,
        Shedding shedding,
        FailureInjection failureInjection) {

    public static final double NO_SLOWDOWN = 1.0;

    private static final double MILLIS_PER_SECOND = 1000.0;

    /** The slowed-down processing time of one item: the fixed time, or a uniform draw in [min, max]. */
    public long drawProcessingTimeMs(RandomGenerator random) {
        long base = variableProcessing ? random.nextLong(processingMinMs, processingMaxMs + 1) : processingTimeMs;
        return Math.round(base * slowdownFactor);
    }

    /** Mean slowed-down processing time of one item, in milliseconds. */
    public double effectiveProcessingTimeMs() {
        double meanBase = variableProcessing ? (processingMinMs + processingMaxMs) / 2.0 : processingTimeMs;
        return meanBase * slowdownFactor;
    }

    /** Mean time a request of {@code items} items holds its slot: the request overhead once, then each item. */
    public double requestTimeMs(int items) {
        return requestOverheadMs + items * effectiveProcessingTimeMs();
    }

    /**
     * Items per second the consumer can finish when it is never idle and every request carries
     * {@code itemsPerRequest} items: concurrency x n x 1000 / (overhead + n x effective processing time).
     */
    public double capacityPerSecond(int itemsPerRequest) {
        return concurrency * itemsPerRequest * MILLIS_PER_SECOND / requestTimeMs(itemsPerRequest);
    }

    public ProcessingConfig withSlowdownFactor(double factor) {
        return new ProcessingConfig(processingTimeMs, factor, variableProcessing, processingMinMs, processingMaxMs,
                concurrency, requestOverheadMs, shedding, failureInjection);
    }
}
