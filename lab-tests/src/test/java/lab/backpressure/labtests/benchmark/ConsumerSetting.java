package lab.backpressure.labtests.benchmark;

/**
 * A consumer configuration the delivery benchmark measures: {@code concurrency} slots, {@code processingMs}
 * per item, slowed down {@code slowDown} times.
 */
public record ConsumerSetting(int concurrency, int processingMs, int slowDown) {

    public static final int NO_SLOW_DOWN = 1;
    private static final double MILLIS_PER_SECOND = 1000.0;

    public static ConsumerSetting of(int concurrency, int processingMs) {
        return new ConsumerSetting(concurrency, processingMs, NO_SLOW_DOWN);
    }

    /** The consumer's own arithmetic: concurrency × 1000 ÷ effective ms. */
    public double nominalPerSecond() {
        return concurrency * MILLIS_PER_SECOND / (processingMs * slowDown);
    }

    public ConsumerSetting slowedDown(int factor) {
        return new ConsumerSetting(concurrency, processingMs, factor);
    }

    /** {@code 4 × 20 ms}, or {@code 1 × 20 ms slowed ×2}. */
    public String label() {
        return concurrency + " × " + processingMs + " ms" + (slowDown == NO_SLOW_DOWN ? "" : " slowed ×" + slowDown);
    }
}
