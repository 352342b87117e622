package lab.backpressure.consumer.processing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Wraps the processing of one item in a {@code process_item} span, and a batch in a {@code process_batch}
 * span with one {@code process_item} child per item. An item failed by failure injection is an errored
 * span with the mode in {@code failure.mode}. Through the global API the spans join the OpenTelemetry
 * agent's server span; without the agent they are no-ops.
 */
@Component
class ProcessingTracing {

    private static final AttributeKey<String> FAILURE_MODE = AttributeKey.stringKey("failure.mode");

    private final Tracer tracer;

    ProcessingTracing() {
        this(GlobalOpenTelemetry.getTracer("lab.backpressure.consumer"));
    }

    /** For tests, which read the spans from an in-memory SDK instead of the agent. */
    ProcessingTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    void traceItem(WorkItem item, long processingTimeMs, double slowdownFactor, @Nullable FailureMode failure,
            Work work) throws InterruptedException {
        Span span = tracer.spanBuilder("process_item")
                .setAttribute("item.id", item.id())
                .setAttribute("processing.time_ms", processingTimeMs)
                .setAttribute("slowdown.factor", slowdownFactor)
                .startSpan();
        if (failure != null) {
            span.setAttribute(FAILURE_MODE, failure.label());
            span.setStatus(StatusCode.ERROR, "injected failure: " + failure);
        }
        inSpan(span, () -> {
            work.run();
            return null;
        });
    }

    <T> T traceBatch(int size, long requestOverheadMs, BatchWork<T> work) throws InterruptedException {
        Span span = tracer.spanBuilder("process_batch")
                .setAttribute("batch.size", size)
                .setAttribute("request.overhead_ms", requestOverheadMs)
                .startSpan();
        return inSpan(span, work);
    }

    private static <T> T inSpan(Span span, BatchWork<T> work) throws InterruptedException {
        try (Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (InterruptedException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, "processing interrupted");
            throw e;
        } finally {
            span.end();
        }
    }

    @FunctionalInterface
    interface Work {
        void run() throws InterruptedException;
    }

    @FunctionalInterface
    interface BatchWork<T> {
        T run() throws InterruptedException;
    }
}
