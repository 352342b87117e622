package lab.backpressure.producer.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import lab.backpressure.producer.accounting.TakenItem;
import lab.backpressure.producer.item.WorkItem;

/**
 * One trace per delivery attempt: a root {@code deliver_item} span that starts when the item was enqueued,
 * a {@code queue_wait} child for its time in the queue, and a {@code send_to_consumer} child that is the
 * current span during the HTTP call, so the agent's client span and the W3C traceparent header it sends
 * to the consumer belong to this trace.
 */
public final class DeliveryTracing {

    static final AttributeKey<Double> QUEUE_LATENCY_SECONDS = AttributeKey.doubleKey("queue.latency_seconds");
    static final AttributeKey<String> QUEUE_MODE = AttributeKey.stringKey("queue.mode");
    static final AttributeKey<Long> QUEUE_SIZE = AttributeKey.longKey("queue.size");
    static final AttributeKey<Long> ITEM_ID = AttributeKey.longKey("item.id");
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Tracer tracer;

    public DeliveryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("lab.backpressure.producer");
    }

    /**
     * Runs {@code inDeliverySpan} with this attempt's {@code deliver_item} span current (a histogram recorded
     * there gets this item's trace as its exemplar), then {@code send} inside {@code send_to_consumer}.
     */
    public DeliveryResult traceDelivery(TakenItem taken, Runnable inDeliverySpan, Supplier<DeliveryResult> send) {
        WorkItem item = taken.item();
        Span delivery = tracer.spanBuilder("deliver_item")
                .setNoParent()
                .setStartTimestamp(item.enqueuedAt(), TimeUnit.MILLISECONDS)
                .setAttribute(ITEM_ID, item.id())
                .startSpan();
        Context inDelivery = Context.root().with(delivery);
        // ends "now" on the tracer's clock, so it can never end after the send below starts
        tracer.spanBuilder("queue_wait")
                .setParent(inDelivery)
                .setStartTimestamp(item.enqueuedAt(), TimeUnit.MILLISECONDS)
                .startSpan()
                .end();
        try (Scope ignored = inDelivery.makeCurrent()) {
            inDeliverySpan.run();
        }
        Span sending = tracer.spanBuilder("send_to_consumer")
                .setParent(inDelivery)
                .setAttribute(QUEUE_LATENCY_SECONDS, taken.queueWait().toMillis() / MILLIS_PER_SECOND)
                .setAttribute(QUEUE_MODE, taken.mode())
                .setAttribute(QUEUE_SIZE, (long) taken.queueSize())
                .setAttribute(ITEM_ID, item.id())
                .startSpan();
        try (Scope ignored = sending.makeCurrent()) {
            DeliveryResult result = send.get();
            markFailure(result, sending, delivery);
            return result;
        } finally {
            sending.end();
            delivery.end();
        }
    }

    private static void markFailure(DeliveryResult result, Span... spans) {
        if (result instanceof DeliveryResult.Failure failure) {
            for (Span span : spans) {
                span.setStatus(StatusCode.ERROR, failure.error());
            }
        }
    }
}
