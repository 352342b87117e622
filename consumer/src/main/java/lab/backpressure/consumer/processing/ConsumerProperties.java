package lab.backpressure.consumer.processing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Startup settings of the consumer ({@code lab.consumer.*}). Those up to {@code failureTimeoutMs}
 * are the initial processing config and are checked by the same rules as {@code POST /admin/config};
 * the maxima bound what the admin endpoints accept.
 * <ul>
 * <li>{@code maxWaiting} -1 waits without limit, as before load shedding. {@code criticalReserve} 2 matches
 * the producer's two requests in flight: a producer sending only critical items always finds a place,
 * however much sheddable traffic fills the waiting room, while the reserve stays too small to become a
 * queue of its own.
 * <li>{@code failureTimeoutMs} (35 s) outlasts the producer's 30 s request timeout, so a {@code timeout}
 * failure is a timeout at the producer.
 * <li>A batch may hold 1000 items and 32 MB of JSON: room for 1000 items of the producer's default
 * 16 KiB payload, twice over.
 * </ul>
 */
@Validated
@ConfigurationProperties("lab.consumer")
public record ConsumerProperties(
        @DefaultValue("100") long processingTimeMs,
        @DefaultValue("false") boolean variableProcessing,
        @DefaultValue("50") long processingMinMs,
        @DefaultValue("500") long processingMaxMs,
        @DefaultValue("1") int concurrency,
        @DefaultValue("0") long requestOverheadMs,
        @DefaultValue("-1") int maxWaiting,
        @DefaultValue("2") int criticalReserve,
        @DefaultValue("0") double failureRate,
        @DefaultValue("error") FailureMode failureMode,
        @DefaultValue("35000") long failureTimeoutMs,
        @DefaultValue("60000") @Positive long maxProcessingTimeMs,
        @DefaultValue("64") @Positive int maxConcurrency,
        @DefaultValue("100") @DecimalMin("1") double maxSlowdownFactor,
        @DefaultValue("1000") @Positive int maxBatchSize,
        @DefaultValue("32MB") DataSize maxBatchBytes) {

    ProcessingConfig initialConfig() {
        return new ProcessingConfig(processingTimeMs, ProcessingConfig.NO_SLOWDOWN, variableProcessing,
                processingMinMs, processingMaxMs, concurrency, requestOverheadMs,
                new Shedding(maxWaiting, criticalReserve),
                new FailureInjection(failureRate, failureMode, failureTimeoutMs));
    }

    ProcessingLimits limits() {
        return new ProcessingLimits(maxProcessingTimeMs, maxConcurrency, maxSlowdownFactor);
    }

    BatchLimits batchLimits() {
        return new BatchLimits(maxBatchSize, maxBatchBytes);
    }
}
