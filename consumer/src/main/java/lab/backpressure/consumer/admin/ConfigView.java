package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.FailureMode;
import lab.backpressure.consumer.processing.ProcessingConfig;

/**
 * The processing config as the admin endpoints and {@code /status} show it, with what follows from it;
 * the capacity is for requests the size of the last one (1 until a batch arrives).
 */
public record ConfigView(
        long processingTimeMs,
        double slowdownFactor,
        double effectiveProcessingTimeMs,
        boolean variableProcessing,
        long processingMinMs,
        long processingMaxMs,
        int concurrency,
        long requestOverheadMs,
        double capacityPerSecond,
        int maxWaiting,
        int criticalReserve,
        double failureRate,
        FailureMode failureMode,
        long failureTimeoutMs) {

    public static ConfigView of(ProcessingConfig config, int lastBatchSize) {
        return new ConfigView(config.processingTimeMs(), config.slowdownFactor(), config.effectiveProcessingTimeMs(),
                config.variableProcessing(), config.processingMinMs(), config.processingMaxMs(), config.concurrency(),
                config.requestOverheadMs(), config.capacityPerSecond(lastBatchSize), config.shedding().maxWaiting(),
                config.shedding().criticalReserve(), config.failureInjection().rate(), config.failureInjection().mode(),
                config.failureInjection().timeoutMs());
    }
}
