package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.DeadlineMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTracingTest {

    private static final long ENQUEUED_AT = System.currentTimeMillis() - 2_500;
    private static final long TAKEN_AT = ENQUEUED_AT + 2_000;
    private static final Consumer<TakenItem> NOTHING = _ -> { };

    private final CollectingExporter exporter = new CollectingExporter();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final DeliveryTracing tracing = new DeliveryTracing(sdk);
    private final TakenBatch taken = new TakenBatch(List.of(new TakenItem(new WorkItem(42, ENQUEUED_AT - 5,
            ENQUEUED_AT, WorkItem.NO_DEADLINE, ItemPriority.CRITICAL, "x"), TAKEN_AT, 17, "bounded")));

    @AfterEach
    void closeSdk() throws InterruptedException {
        sdk.close();
    }

    @Test
    void oneTraceWithTheQueueWaitAndTheSendAsTheCurrentSpanDuringTheCall() throws InterruptedException {
        AtomicReference<SpanContext> currentDuringSend = new AtomicReference<>();

        DeliveryResult result = deliverOnce(taken, NOTHING, () -> {
            currentDuringSend.set(Span.current().getSpanContext());
            return DeliveryResult.Delivered.INSTANCE;
        });

        assertThat(result).isEqualTo(DeliveryResult.Delivered.INSTANCE);
        SpanData root = span("deliver_item");
        SpanData queueWait = span("queue_wait");
        SpanData send = span("send_to_consumer");
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(queueWait.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(send.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(currentDuringSend.get()).isEqualTo(send.getSpanContext());
        assertThat(root.getStartEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(ENQUEUED_AT));
        assertThat(queueWait.getStartEpochNanos()).isEqualTo(root.getStartEpochNanos());
        assertThat(queueWait.getEndEpochNanos()).isLessThanOrEqualTo(send.getStartEpochNanos());
        assertThat(root.getEndEpochNanos()).isGreaterThanOrEqualTo(send.getEndEpochNanos());
        assertThat(send.getAttributes().get(DeliveryTracing.QUEUE_LATENCY_SECONDS)).isEqualTo(2.0);
        assertThat(send.getAttributes().get(DeliveryTracing.QUEUE_MODE)).isEqualTo("bounded");
        assertThat(send.getAttributes().get(DeliveryTracing.QUEUE_SIZE)).isEqualTo(17L);
        assertThat(send.getAttributes().get(DeliveryTracing.ITEM_ID)).isEqualTo(42L);
        assertThat(send.getAttributes().get(DeliveryTracing.ITEM_PRIORITY)).isEqualTo("critical");
        assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void whatRunsBeforeTheSendSeesTheDeliverySpanAsCurrent() throws InterruptedException {
        AtomicReference<SpanContext> currentBeforeSend = new AtomicReference<>();
        AtomicReference<SpanContext> currentDuringSend = new AtomicReference<>();

        deliverOnce(taken, _ -> currentBeforeSend.set(Span.current().getSpanContext()), () -> {
            currentDuringSend.set(Span.current().getSpanContext());
            return DeliveryResult.Delivered.INSTANCE;
        });

        assertThat(currentBeforeSend.get()).isEqualTo(span("deliver_item").getSpanContext());
        assertThat(currentDuringSend.get()).isEqualTo(span("send_to_consumer").getSpanContext());
        assertThat(Span.current().getSpanContext().isValid()).as("nothing stays current afterwards").isFalse();
    }

    @Test
    void everyAttemptOfAnItemIsASendInItsOneTraceAndOnlyTheFailedSendIsAnError() throws InterruptedException {
        DeliveryTracing.OpenDeliveries open = tracing.open();

        tracing.traceDelivery(open, taken, NOTHING, 1, () -> new DeliveryResult.Unavailable("java.net.ConnectException"));
        tracing.traceDelivery(open, taken, NOTHING, 2, () -> DeliveryResult.Delivered.INSTANCE);
        assertThat(spans("deliver_item")).as("open while the item is in hand").isEmpty();
        open.ended(taken.items());

        SpanData root = span("deliver_item");
        List<SpanData> sends = spans("send_to_consumer");
        assertThat(sends).extracting(send -> send.getAttributes().get(DeliveryTracing.ATTEMPT)).containsExactly(1L, 2L);
        assertThat(sends).allSatisfy(send -> {
            assertThat(send.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(send.getParentSpanId()).isEqualTo(root.getSpanId());
        });
        assertThat(sends.getFirst().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(sends.getFirst().getStatus().getDescription()).isEqualTo("java.net.ConnectException");
        assertThat(sends.getLast().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(root.getStatus().getStatusCode()).as("delivered in the end").isEqualTo(StatusCode.UNSET);
        assertThat(root.getEvents()).extracting(EventData::getName).containsExactly("attempt_failed");
    }

    @Test
    void anItemGivenUpEndsItsTraceWithTheReason() throws InterruptedException {
        DeliveryTracing.OpenDeliveries open = tracing.open();
        tracing.traceDelivery(open, taken, NOTHING, 1, () -> new DeliveryResult.TimedOut("timed out"));

        open.lost(taken.items(), ItemLedger.ATTEMPTS_EXHAUSTED);

        SpanData root = span("deliver_item");
        assertThat(root.getAttributes().get(DeliveryTracing.DROP_REASON)).isEqualTo("attempts_exhausted");
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(root.getEvents()).extracting(EventData::getName).containsExactly("attempt_failed", "dropped");
    }

    @Test
    void aThrottleIsAnEventWithTheWaitAskedForNotAnError() throws InterruptedException {
        deliverOnce(taken, NOTHING, () -> new DeliveryResult.Throttled(Duration.ofSeconds(2), "HTTP 429 from the consumer"));

        SpanData send = span("send_to_consumer");
        assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(send.getEvents()).singleElement().satisfies(event -> {
            assertThat(event.getName()).isEqualTo("throttled");
            assertThat(event.getAttributes().get(DeliveryTracing.RETRY_AFTER_MS)).isEqualTo(2000L);
        });
    }

    @Test
    void aBatchKeepsATraceForEachItemAndItsRequestLinksThemAll() throws InterruptedException {
        TakenBatch batch = new TakenBatch(List.of(taken(41, ItemPriority.SHEDDABLE), taken(42, ItemPriority.CRITICAL),
                taken(43, ItemPriority.SHEDDABLE)));
        List<Long> recordedFor = new CopyOnWriteArrayList<>();
        List<SpanContext> currentWhenRecorded = new CopyOnWriteArrayList<>();

        deliverOnce(batch, taken -> {
            recordedFor.add(taken.item().id());
            currentWhenRecorded.add(Span.current().getSpanContext());
        }, () -> DeliveryResult.Delivered.INSTANCE);

        List<SpanData> deliveries = spans("deliver_item");
        assertThat(deliveries).extracting(span -> span.getAttributes().get(DeliveryTracing.ITEM_ID))
                .containsExactly(41L, 42L, 43L);
        assertThat(deliveries).as("each item's own priority, fixed when it was created")
                .extracting(span -> span.getAttributes().get(DeliveryTracing.ITEM_PRIORITY))
                .containsExactly("sheddable", "critical", "sheddable");
        assertThat(deliveries).allSatisfy(root -> assertThat(root.getParentSpanContext().isValid()).isFalse());
        assertThat(deliveries).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
        assertThat(spans("queue_wait")).extracting(SpanData::getParentSpanId)
                .containsExactlyInAnyOrderElementsOf(deliveries.stream().map(SpanData::getSpanId).toList());
        assertThat(recordedFor).containsExactly(41L, 42L, 43L);
        assertThat(currentWhenRecorded).as("each item's queue wait is recorded inside its own deliver_item")
                .containsExactlyElementsOf(deliveries.stream().map(SpanData::getSpanContext).toList());
        SpanData send = span("send_to_consumer");
        assertThat(spans("send_to_consumer")).hasSize(1);
        assertThat(send.getParentSpanContext()).isEqualTo(deliveries.getFirst().getSpanContext());
        assertThat(send.getLinks()).extracting(LinkData::getSpanContext)
                .containsExactly(deliveries.get(1).getSpanContext(), deliveries.get(2).getSpanContext());
        assertThat(send.getAttributes().get(DeliveryTracing.BATCH_SIZE)).isEqualTo(3L);
        assertThat(send.getAttributes().get(DeliveryTracing.ITEM_ID)).isEqualTo(41L);
        assertThat(send.getAttributes().get(DeliveryTracing.ITEM_PRIORITY)).as("item 42 is critical").isEqualTo("critical");
    }

    @Test
    void aSingleItemHasNoBatchSizeAndNoLinks() throws InterruptedException {
        deliverOnce(taken, NOTHING, () -> DeliveryResult.Delivered.INSTANCE);

        SpanData send = span("send_to_consumer");
        assertThat(send.getLinks()).isEmpty();
        assertThat(send.getAttributes().get(DeliveryTracing.BATCH_SIZE)).isNull();
    }

    @Test
    void whenSomeItemsOfABatchFailOnlyTheirTracesSayIt() throws InterruptedException {
        TakenBatch batch = new TakenBatch(List.of(taken(41, ItemPriority.SHEDDABLE), taken(42, ItemPriority.SHEDDABLE)));

        deliverOnce(batch, NOTHING,
                () -> new DeliveryResult.PartlyDelivered(Set.of(42L), "1 of the 2 items of a batch failed at the consumer"));

        assertThat(spans("deliver_item")).extracting(span -> span.getEvents().size()).as("attempt_failed on 42 only")
                .containsExactly(0, 1);
        assertThat(span("send_to_consumer").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void anItemDroppedFromTheQueueHasATraceFromAdmissionToTheDropWithTheReason() {
        long droppedAt = ENQUEUED_AT + 3_000;

        tracing.traceDrop(taken.first().item(), DeadlineMode.EXPIRED, droppedAt);

        SpanData root = span("deliver_item");
        assertThat(root.getStartEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(ENQUEUED_AT));
        assertThat(root.getEndEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(droppedAt));
        assertThat(root.getAttributes().get(DeliveryTracing.DROP_REASON)).isEqualTo("expired");
        assertThat(root.getAttributes().get(DeliveryTracing.ITEM_PRIORITY)).isEqualTo("critical");
        assertThat(root.getAttributes().get(DeliveryTracing.ITEM_ID)).isEqualTo(42L);
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(root.getEvents()).extracting(EventData::getName).containsExactly("dropped");
    }

    /** One attempt of items that are settled with its answer, whatever it is. */
    private DeliveryResult deliverOnce(TakenBatch batch, Consumer<TakenItem> inDeliverySpan, DeliveryTracing.Attempt send)
            throws InterruptedException {
        DeliveryTracing.OpenDeliveries open = tracing.open();
        DeliveryResult result = tracing.traceDelivery(open, batch, inDeliverySpan, 1, send);
        open.ended(batch.items());
        return result;
    }

    private static TakenItem taken(long id, ItemPriority priority) {
        return new TakenItem(new WorkItem(id, ENQUEUED_AT - 5, ENQUEUED_AT, WorkItem.NO_DEADLINE, priority, "x"), TAKEN_AT, 17,
                "bounded");
    }

    /** The spans of that name, in the order they ended. */
    private List<SpanData> spans(String name) {
        return exporter.spans.stream().filter(span -> span.getName().equals(name)).toList();
    }

    private SpanData span(String name) {
        return exporter.spans.stream().filter(span -> span.getName().equals(name)).findFirst().orElseThrow();
    }

    private static final class CollectingExporter implements SpanExporter {

        private final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
