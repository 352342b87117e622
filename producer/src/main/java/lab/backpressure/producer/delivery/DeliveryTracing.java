package lab.backpressure.producer.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.DropReason;

/**
 * One trace per item: a root {@code deliver_item} span that starts when the item was enqueued, with the
 * {@code item.priority} it was created with, and stays open across all its delivery attempts until the item is settled, and a {@code queue_wait} child for its time in the queue.
 * Each attempt is a {@code send_to_consumer} child (attribute {@code attempt}) of the first item's
 * {@code deliver_item}, the current span during the HTTP call, so the agent's client span and the W3C traceparent
 * header it sends to the consumer belong to that trace: a retry storm shows as many sends in one trace. A batch's
 * request also links the other items' {@code deliver_item} spans and carries {@code batch.size}, so every item's
 * trace leads to it. An item settled as failed or lost ends its span as an error; a lost one with its drop reason,
 * as an item a queue mode dropped.
 */
final class DeliveryTracing {

    static final AttributeKey<Double> QUEUE_LATENCY_SECONDS = AttributeKey.doubleKey("queue.latency_seconds");
    static final AttributeKey<String> QUEUE_MODE = AttributeKey.stringKey("queue.mode");
    static final AttributeKey<Long> QUEUE_SIZE = AttributeKey.longKey("queue.size");
    static final AttributeKey<Long> ITEM_ID = AttributeKey.longKey("item.id");
    static final AttributeKey<String> ITEM_PRIORITY = AttributeKey.stringKey("item.priority");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("batch.size");
    static final AttributeKey<String> DROP_REASON = AttributeKey.stringKey("queue.drop_reason");
    static final AttributeKey<Long> RETRY_AFTER_MS = AttributeKey.longKey("retry_after_ms");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");
    private static final String ATTEMPT_FAILED = "attempt_failed";
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
     * The {@code deliver_item} spans of the items one worker holds, open from their first attempt until they are
     * settled. Used by that worker's thread only.
     */
    public final class OpenDeliveries {

        private final Map<Long, Span> byItem = new HashMap<>();

        /**
         * Each item's span, started at its first attempt: then {@code inDeliverySpan} runs for it with that span
         * current (a histogram recorded there gets the item's trace as its exemplar).
         */
        List<Span> of(TakenBatch batch, Consumer<TakenItem> inDeliverySpan) {
            return batch.items().stream()
                    .map(taken -> byItem.computeIfAbsent(taken.item().id(), _ -> startDelivery(taken, inDeliverySpan)))
                    .toList();
        }

        /** These items were delivered, or go back to the queue: their spans end. */
        void ended(List<TakenItem> items) {
            items.forEach(taken -> remove(taken).ifPresent(Span::end));
        }

        /**
         * A policy sent these items back to the queue instead of making an attempt: their spans end with a
         * {@code requeued} event; taken again, each starts a new {@code deliver_item}.
         */
        void requeued(List<TakenItem> items) {
            items.forEach(taken -> remove(taken).ifPresent(delivery -> {
                delivery.addEvent("requeued");
                delivery.end();
            }));
        }

        /** These items were refused or expired for good: their spans end as errors. */
        void failed(List<TakenItem> items, String error) {
            items.forEach(taken -> remove(taken).ifPresent(delivery -> {
                delivery.setStatus(StatusCode.ERROR, error);
                delivery.end();
            }));
        }

        /** Delivery gave these items up: their spans end as a dropped item's does, with the reason. */
        void lost(List<TakenItem> items, DropReason reason) {
            long now = System.currentTimeMillis();
            items.forEach(taken -> remove(taken).ifPresent(delivery -> {
                delivery.setAttribute(DROP_REASON, reason.tag());
                endDropped(delivery, reason, now);
            }));
        }

        private Optional<Span> remove(TakenItem taken) {
            return Optional.ofNullable(byItem.remove(taken.item().id()));
        }
    }

    /** A new set of open deliveries, for one worker. */
    public OpenDeliveries open() {
        return new OpenDeliveries();
    }

    /**
     * Runs {@code send} inside {@code send_to_consumer}, the child of the first item's {@code deliver_item}, as the
     * {@code attempt}-th attempt of the batch. A batch of one is traced exactly as a single item always was: no
     * link, no {@code batch.size}.
     */
    public DeliveryResult traceDelivery(OpenDeliveries open, TakenBatch batch, Consumer<TakenItem> inDeliverySpan,
                                        int attempt, Attempt send) throws InterruptedException {
        List<Span> deliveries = open.of(batch, inDeliverySpan);
        TakenItem first = batch.first();
        SpanBuilder request = tracer.spanBuilder("send_to_consumer")
                .setParent(Context.root().with(deliveries.getFirst()))
                .setAttribute(QUEUE_LATENCY_SECONDS, first.queueWait().toMillis() / MILLIS_PER_SECOND)
                .setAttribute(QUEUE_MODE, first.mode())
                .setAttribute(QUEUE_SIZE, (long) first.queueSize())
                .setAttribute(ITEM_ID, first.item().id())
                .setAttribute(ITEM_PRIORITY, batch.priority().value())
                .setAttribute(ATTEMPT, (long) attempt);
        if (batch.size() > 1) {
            request.setAttribute(BATCH_SIZE, (long) batch.size());
            deliveries.stream().skip(1).forEach(delivery -> request.addLink(delivery.getSpanContext()));
        }
        Span sending = request.startSpan();
        try (Scope ignored = sending.makeCurrent()) {
            DeliveryResult result = send.send();
            mark(result, sending, batch, deliveries);
            return result;
        } finally {
            sending.end();
        }
    }

    private Span startDelivery(TakenItem taken, Consumer<TakenItem> inDeliverySpan) {
        WorkItem item = taken.item();
        Span delivery = tracer.spanBuilder("deliver_item")
                .setNoParent()
                .setStartTimestamp(item.enqueuedAt(), TimeUnit.MILLISECONDS)
                .setAttribute(ITEM_ID, item.id())
                .setAttribute(ITEM_PRIORITY, item.priority().value())
                .startSpan();
        Context inDelivery = Context.root().with(delivery);
        // ends "now" on the tracer's clock, so it can never end after the send starts
        tracer.spanBuilder("queue_wait")
                .setParent(inDelivery)
                .setStartTimestamp(item.enqueuedAt(), TimeUnit.MILLISECONDS)
                .startSpan()
                .end();
        try (Scope ignored = inDelivery.makeCurrent()) {
            inDeliverySpan.accept(taken);
        }
        return delivery;
    }

    /**
     * A throttle is flow control, not an error: an event with the wait asked for, to find retries in Jaeger. A
     * failed attempt is an error of its send, and an {@code attempt_failed} event on the {@code deliver_item} of
     * each item it failed for: the item itself is an error only if it is never delivered.
     */
    private static void mark(DeliveryResult result, Span sending, TakenBatch batch, List<Span> deliveries) {
        switch (result) {
            case DeliveryResult.Delivered _ -> {
            }
            case DeliveryResult.Throttled throttled -> sending.addEvent("throttled", Attributes.of(
                    RETRY_AFTER_MS, throttled.retryAfter().toMillis(), ERROR, throttled.error()));
            case DeliveryResult.PartlyDelivered partly -> {
                sending.setStatus(StatusCode.ERROR, partly.error());
                for (int i = 0; i < batch.size(); i++) {
                    if (partly.failed().contains(batch.items().get(i).item().id())) {
                        deliveries.get(i).addEvent(ATTEMPT_FAILED, Attributes.of(ERROR, partly.error()));
                    }
                }
            }
            case DeliveryResult.Failure failure -> {
                sending.setStatus(StatusCode.ERROR, failure.error());
                deliveries.forEach(delivery -> delivery.addEvent(ATTEMPT_FAILED, Attributes.of(ERROR, failure.error())));
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
                .setAttribute(ITEM_PRIORITY, item.priority().value())
                .setAttribute(DROP_REASON, reason.tag())
                .startSpan();
        endDropped(delivery, reason, droppedAt);
    }

    private static void endDropped(Span delivery, DropReason reason, long droppedAt) {
        delivery.addEvent("dropped", Attributes.of(DROP_REASON, reason.tag()), droppedAt, TimeUnit.MILLISECONDS);
        delivery.setStatus(StatusCode.ERROR, "dropped: " + reason.tag());
        delivery.end(droppedAt, TimeUnit.MILLISECONDS);
    }
}
