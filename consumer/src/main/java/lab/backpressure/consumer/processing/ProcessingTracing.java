package lab.backpressure.consumer.processing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.springframework.stereotype.Component;

/**
 * Wraps the processing of one item in a {@code process_item} span. Through the global API the span
 * joins the OpenTelemetry agent's server span; without the agent it is a no-op.
 */
@Component
class ProcessingTracing {

    private final Tracer tracer = GlobalOpenTelemetry.getTracer("lab.backpressure.consumer");

    void traceProcessing(WorkItem item, long processingTimeMs, double slowdownFactor, Work work)
            throws InterruptedException {
        Span span = tracer.spanBuilder("process_item")
                .setAttribute("item.id", item.id())
                .setAttribute("processing.time_ms", processingTimeMs)
                .setAttribute("slowdown.factor", slowdownFactor)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            work.run();
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
}
