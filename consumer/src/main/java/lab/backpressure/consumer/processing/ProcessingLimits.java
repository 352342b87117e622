package lab.backpressure.consumer.processing;

import lab.backpressure.support.problem.InvalidFieldException;

/** The range each processing setting may take; the maxima come from {@link ConsumerProperties}. */
public record ProcessingLimits(long maxProcessingTimeMs, int maxConcurrency, double maxSlowdownFactor) {

    private static final long MIN_PROCESSING_TIME_MS = 1;
    private static final long NO_OVERHEAD_MS = 0;
    private static final double NO_FAILURES = 0.0;
    private static final double ALL_FAIL = 1.0;
    private static final long MIN_FAILURE_TIMEOUT_MS = 1;
    private static final int NO_RESERVE = 0;
    private static final int MIN_CONCURRENCY = 1;

    public void validate(ProcessingConfig config) {
        requireProcessingTime("processing_time_ms", config.processingTimeMs());
        requireProcessingTime("processing_min_ms", config.processingMinMs());
        requireProcessingTime("processing_max_ms", config.processingMaxMs());
        if (config.processingMinMs() > config.processingMaxMs()) {
            throw new InvalidFieldException("processing_min_ms",
                    "processing_min_ms (%d) must not exceed processing_max_ms (%d)"
                            .formatted(config.processingMinMs(), config.processingMaxMs()));
        }
        if (config.concurrency() < MIN_CONCURRENCY || config.concurrency() > maxConcurrency) {
            throw new InvalidFieldException("concurrency", "concurrency must be between %d and %d, got %d"
                    .formatted(MIN_CONCURRENCY, maxConcurrency, config.concurrency()));
        }
        requireSlowdownFactor("slowdown_factor", config.slowdownFactor());
        requireMillis("request_overhead_ms", config.requestOverheadMs(), NO_OVERHEAD_MS);
        requireValid(config.shedding());
        requireValid(config.failureInjection());
    }

    private static void requireValid(Shedding shedding) {
        if (shedding.maxWaiting() < Shedding.UNLIMITED) {
            throw new InvalidFieldException("max_waiting", "max_waiting must be %d (unlimited) or at least 0, got %d"
                    .formatted(Shedding.UNLIMITED, shedding.maxWaiting()));
        }
        if (shedding.criticalReserve() < NO_RESERVE) {
            throw new InvalidFieldException("critical_reserve", "critical_reserve must be at least %d, got %d"
                    .formatted(NO_RESERVE, shedding.criticalReserve()));
        }
    }

    private void requireValid(FailureInjection failures) {
        // negated so that NaN is refused as well
        if (!(failures.rate() >= NO_FAILURES && failures.rate() <= ALL_FAIL)) {
            throw new InvalidFieldException("failure_rate", "failure_rate must be between %s and %s, got %s"
                    .formatted(NO_FAILURES, ALL_FAIL, failures.rate()));
        }
        if (failures.mode() == null) {
            throw new InvalidFieldException("failure_mode", "failure_mode is required");
        }
        requireMillis("failure_timeout_ms", failures.timeoutMs(), MIN_FAILURE_TIMEOUT_MS);
    }

    /** Checks a factor under the name the caller used for it ({@code factor} in /admin/slow-down). */
    public void requireSlowdownFactor(String field, double factor) {
        // negated so that NaN is refused as well
        if (!(factor >= ProcessingConfig.NO_SLOWDOWN && factor <= maxSlowdownFactor)) {
            throw new InvalidFieldException(field, "%s must be between %s and %s, got %s"
                    .formatted(field, ProcessingConfig.NO_SLOWDOWN, maxSlowdownFactor, factor));
        }
    }

    private void requireProcessingTime(String field, long ms) {
        requireMillis(field, ms, MIN_PROCESSING_TIME_MS);
    }

    /** Every simulated duration has the same ceiling, {@code lab.consumer.max-processing-time-ms}. */
    private void requireMillis(String field, long ms, long min) {
        if (ms < min || ms > maxProcessingTimeMs) {
            throw new InvalidFieldException(field, "%s must be between %d and %d, got %d"
                    .formatted(field, min, maxProcessingTimeMs, ms));
        }
    }
}
