package lab.backpressure.consumer.processing;

/** Processing configs for tests: the processing fields as given, everything else at its default. */
public final class TestConfigs {

    public static final Shedding UNLIMITED_WAITING = new Shedding(Shedding.UNLIMITED, 2);
    public static final FailureInjection NO_FAILURES = new FailureInjection(0, FailureMode.ERROR, 35_000);

    private TestConfigs() {
    }

    public static ProcessingConfig config(long processingTimeMs, double slowdownFactor, boolean variableProcessing,
            long processingMinMs, long processingMaxMs, int concurrency, long requestOverheadMs) {
        return new ProcessingConfig(processingTimeMs, slowdownFactor, variableProcessing, processingMinMs,
                processingMaxMs, concurrency, requestOverheadMs, UNLIMITED_WAITING, NO_FAILURES);
    }

    /** {@code config} with other shedding. */
    public static ProcessingConfig withShedding(ProcessingConfig c, Shedding shedding) {
        return new ProcessingConfig(c.processingTimeMs(), c.slowdownFactor(), c.variableProcessing(),
                c.processingMinMs(), c.processingMaxMs(), c.concurrency(), c.requestOverheadMs(), shedding,
                c.failureInjection());
    }

    /** {@code config} with other failure injection. */
    public static ProcessingConfig withFailures(ProcessingConfig c, FailureInjection failures) {
        return new ProcessingConfig(c.processingTimeMs(), c.slowdownFactor(), c.variableProcessing(),
                c.processingMinMs(), c.processingMaxMs(), c.concurrency(), c.requestOverheadMs(), c.shedding(),
                failures);
    }
}
