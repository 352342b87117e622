package lab.backpressure.consumer.admin;

import lab.backpressure.consumer.processing.FailureInjection;
import lab.backpressure.consumer.processing.FailureMode;
import lab.backpressure.consumer.processing.ProcessingConfig;
import lab.backpressure.consumer.processing.Shedding;

/** Body of {@code POST /admin/config}: only the fields present change. */
record ConfigUpdate(
        Long processingTimeMs,
        Boolean variableProcessing,
        Long processingMinMs,
        Long processingMaxMs,
        Integer concurrency,
        Long requestOverheadMs,
        Integer maxWaiting,
        Integer criticalReserve,
        Double failureRate,
        FailureMode failureMode,
        Long failureTimeoutMs) {

    /**
     * Setting processing_time_ms also ends any slow-down: the handout's "back to normal" step
     * sends only {"processing_time_ms": 100}.
     */
    ProcessingConfig applyTo(ProcessingConfig current) {
        return new ProcessingConfig(
                processingTimeMs != null ? processingTimeMs : current.processingTimeMs(),
                processingTimeMs != null ? ProcessingConfig.NO_SLOWDOWN : current.slowdownFactor(),
                variableProcessing != null ? variableProcessing : current.variableProcessing(),
                processingMinMs != null ? processingMinMs : current.processingMinMs(),
                processingMaxMs != null ? processingMaxMs : current.processingMaxMs(),
                concurrency != null ? concurrency : current.concurrency(),
                requestOverheadMs != null ? requestOverheadMs : current.requestOverheadMs(),
                applyTo(current.shedding()),
                applyTo(current.failureInjection()));
    }

    private Shedding applyTo(Shedding current) {
        return new Shedding(
                maxWaiting != null ? maxWaiting : current.maxWaiting(),
                criticalReserve != null ? criticalReserve : current.criticalReserve());
    }

    private FailureInjection applyTo(FailureInjection current) {
        return new FailureInjection(
                failureRate != null ? failureRate : current.rate(),
                failureMode != null ? failureMode : current.mode(),
                failureTimeoutMs != null ? failureTimeoutMs : current.timeoutMs());
    }
}
