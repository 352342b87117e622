package lab.backpressure.producer.delivery;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import lab.backpressure.producer.accounting.TakenItem;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.queue.DropReason;

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
    static final AttributeKey<String> ITEM_PRIORITY = AttributeKey.stringKey("item.priority");
    static final AttributeKey<String> DROP_REASON = AttributeKey.stringKey("queue.drop_reason");
    static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("retry_after_ms");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Tracer tracer;

    public DeliveryTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("lab.backpressure.producer");
    }

    /** The attempt to trace. */
    @FunctionalInterface
    public interface Attempt {
        DeliveryResult send() throws InterruptedException;
    }

    /**
     * Runs {@code inDeliverySpan} with this attempt's {@code deliver_item} span current (a histogram recorded
     * there gets this item's trace as its exemplar), then {@code send} inside {@code send_to_consumer}.
     */
    public DeliveryResult traceDelivery(TakenItem taken, Runnable inDeliverySpan, Attempt send)
            throws InterruptedException {
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
                .setAttribute(ITEM_PRIORITY, taken.priority().value())
                .startSpan();
        try (Scope ignored = sending.makeCurrent()) {
            DeliveryResult result = send.send();
            mark(result, sending, delivery);
            return result;
        } finally {
            sending.end();
            delivery.end();
        }
    }

    /** A throttle is flow control, not an error: an event with the wait asked for, to find retries in Jaeger. */
    private static void mark(DeliveryResult result, Span sending, Span delivery) {
        switch (result) {
            case DeliveryResult.Delivered _ -> {
            }
            case DeliveryResult.Throttled throttled -> sending.addEvent("throttled", Attributes.of(
                    RETRY_AFTER_MS, throttled.retryAfter().toMillis(), ERROR, throttled.error()));
            case DeliveryResult.Failure failure -> {
                sending.setStatus(StatusCode.ERROR, failure.error());
                delivery.setStatus(StatusCode.ERROR, failure.error());
            }
        }
    }

    /**
     * The trace of an item a queue mode threw away (evicted as oldest, expired): a {@code deliver_item} span
     * from its admission to the drop, with the reason as attribute and event, so a learner can find one in
     * Jaeger by the tag {@code queue.drop_reason}.
     */
    public void traceDrop(WorkItem item, DropReason reason, long droppedAt) {
        Span delivery = tracer.spanBuilder("deliver_item")
                .setNoParent()
                .setStartTimestamp(item.enqueuedAt(), TimeUnit.MILLISECONDS)
                .setAttribute(ITEM_ID, item.id())
                .setAttribute(DROP_REASON, reason.tag())
                .startSpan();
        delivery.addEvent("dropped", Attributes.of(DROP_REASON, reason.tag()), droppedAt, TimeUnit.MILLISECONDS);
        delivery.setStatus(StatusCode.ERROR, "dropped from the queue: " + reason.tag());
        delivery.end(droppedAt, TimeUnit.MILLISECONDS);
    }
}
