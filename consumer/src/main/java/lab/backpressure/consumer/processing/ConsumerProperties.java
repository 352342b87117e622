package lab.backpressure.consumer.processing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Startup settings of the consumer ({@code lab.consumer.*}). The first six are the initial
 * processing config and are checked by the same rules as {@code POST /admin/config}; the
 * maxima bound what the admin endpoints accept.
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
        @DefaultValue("60000") @Positive long maxProcessingTimeMs,
        @DefaultValue("64") @Positive int maxConcurrency,
        @DefaultValue("100") @DecimalMin("1") double maxSlowdownFactor) {

    ProcessingConfig initialConfig() {
        return new ProcessingConfig(processingTimeMs, ProcessingConfig.NO_SLOWDOWN, variableProcessing,
                processingMinMs, processingMaxMs, concurrency, requestOverheadMs);
    }

    ProcessingLimits limits() {
        return new ProcessingLimits(maxProcessingTimeMs, maxConcurrency, maxSlowdownFactor);
    }
}
