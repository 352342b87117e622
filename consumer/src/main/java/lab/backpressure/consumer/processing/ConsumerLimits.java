package lab.backpressure.consumer.processing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer's settings that only startup sets ({@code lab.consumer.max-*}): the range each admin setting may
 * take, checked on every update and at startup as a {@link SettingsRule}, and how large a batch may be. A batch
 * may hold 1000 items and 32 MB of JSON: room for 1000 items of the producer's default 16 KiB payload, twice over.
 */
@Validated
@ConfigurationProperties("lab.consumer")
public record ConsumerLimits(
        @DefaultValue("60000") @Positive long maxProcessingTimeMs,
        @DefaultValue("64") @Positive int maxConcurrency,
        @DefaultValue("100") @DecimalMin("1") double maxSlowdownFactor,
        @DefaultValue("1000") @Positive int maxBatchSize,
        @DefaultValue("32MB") DataSize maxBatchBytes) implements SettingsRule {

    private static final long MIN_PROCESSING_TIME_MS = 1;
    private static final long NO_OVERHEAD_MS = 0;
    private static final double NO_SLOWDOWN = 1.0;
    private static final double NO_FAILURES = 0.0;
    private static final double ALL_FAIL = 1.0;
    private static final long MIN_FAILURE_TIMEOUT_MS = 1;
    private static final int NO_RESERVE = 0;
    private static final int MIN_CONCURRENCY = 1;

    BatchLimits batchLimits() {
        return new BatchLimits(maxBatchSize, maxBatchBytes);
    }

    /**
     * Field by field in a fixed order (processing, slow-down, overhead, shedding, failures): of several bad fields
     * the first is named.
     */
    @Override
    public void check(Settings candidate) {
        requireValid(candidate.get(Processing.class));
        requireSlowdownFactor("slowdown_factor", candidate.get(SlowDown.class).slowdownFactor());
        requireMillis("request_overhead_ms", candidate.get(Processing.class).requestOverheadMs(), NO_OVERHEAD_MS);
        requireValid(candidate.get(Shedding.class));
        requireValid(candidate.get(FailureInjection.class));
    }

    private void requireValid(Processing processing) {
        requireProcessingTime("processing_time_ms", processing.processingTimeMs());
        requireProcessingTime("processing_min_ms", processing.processingMinMs());
        requireProcessingTime("processing_max_ms", processing.processingMaxMs());
        if (processing.processingMinMs() > processing.processingMaxMs()) {
            throw new InvalidFieldException("processing_min_ms",
                    "processing_min_ms (%d) must not exceed processing_max_ms (%d)"
                            .formatted(processing.processingMinMs(), processing.processingMaxMs()));
        }
        if (processing.concurrency() < MIN_CONCURRENCY || processing.concurrency() > maxConcurrency) {
            throw new InvalidFieldException("concurrency", "concurrency must be between %d and %d, got %d"
                    .formatted(MIN_CONCURRENCY, maxConcurrency, processing.concurrency()));
        }
    }

    private void requireValid(Shedding shedding) {
        if (shedding.maxWaiting() < Shedding.UNLIMITED) {
            throw new InvalidFieldException("max_waiting", "max_waiting must be %d (unlimited) or at least 0, got %d"
                    .formatted(Shedding.UNLIMITED, shedding.maxWaiting()));
        }
        if (shedding.criticalReserve() < NO_RESERVE) {
            throw new InvalidFieldException("critical_reserve", "critical_reserve must be at least %d, got %d"
                    .formatted(NO_RESERVE, shedding.criticalReserve()));
        }
        requireMillis("reject_cost_ms", shedding.rejectCostMs(), NO_OVERHEAD_MS);
    }

    private void requireValid(FailureInjection failures) {
        // negated so that NaN is refused as well
        if (!(failures.failureRate() >= NO_FAILURES && failures.failureRate() <= ALL_FAIL)) {
            throw new InvalidFieldException("failure_rate", "failure_rate must be between %s and %s, got %s"
                    .formatted(NO_FAILURES, ALL_FAIL, failures.failureRate()));
        }
        if (failures.failureMode() == null) {
            throw new InvalidFieldException("failure_mode", "failure_mode is required");
        }
        requireMillis("failure_timeout_ms", failures.failureTimeoutMs(), MIN_FAILURE_TIMEOUT_MS);
    }

    /** Checks a factor under the name the caller used for it ({@code factor} in /admin/slow-down). */
    public void requireSlowdownFactor(String field, double factor) {
        // negated so that NaN is refused as well
        if (!(factor >= NO_SLOWDOWN && factor <= maxSlowdownFactor)) {
            throw new InvalidFieldException(field, "%s must be between %s and %s, got %s"
                    .formatted(field, NO_SLOWDOWN, maxSlowdownFactor, factor));
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
