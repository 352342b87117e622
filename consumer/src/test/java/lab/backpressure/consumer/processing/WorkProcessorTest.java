package lab.backpressure.consumer.processing;

import static lab.backpressure.consumer.processing.StartupProperties.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.support.settings.SettingsUpdater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor with real collaborators and an in-memory OpenTelemetry SDK in place of the agent; its wall clock
 * stands still at {@link #NOW}, so whether a deadline has passed does not depend on how fast the test runs.
 */
class WorkProcessorTest {

    private static final long NOW = 1_700_000_000_000L;

    private static final long OVERHEAD_MS = 10;
    private static final StartupProperties FAST =
            new StartupProperties("processing-time-ms", "2", "request-overhead-ms", String.valueOf(OVERHEAD_MS));

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final SettingsUpdater settings = FAST.settings(event -> {
        slots().settingsChanged((SettingsChanged) event);
        processor().settingsChanged((SettingsChanged) event);
    });
    private final ProcessingSlots slots = new ProcessingSlots(settings.settings());
    private final ProcessingLoad load = new ProcessingLoad();
    private final RejectionCost rejectionCost = new RejectionCost(settings.settings());
    private final WaitingRoom waitingRoom = new WaitingRoom(settings.settings(), load, rejectionCost);
    private final WorkProcessor processor = new WorkProcessor(settings.settings(), slots, load,
            new ProcessingMetrics(new SimpleMeterRegistry(), load, settings.settings(), FAST.bind(ConsumerLimits.class)),
            new ProcessingTracing(tracerProvider.get("test")), new FailureSchedule(), rejectionCost,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @AfterEach
    void closeTheSdk() {
        tracerProvider.close();
    }

    @Test
    void aSingleItemIsOneProcessItemSpan() throws Exception {
        ProcessedItem processed = processor.process(item(7), admitted());

        assertThat(processed).isEqualTo(new ProcessedItem(7, 2));
        SpanData span = single(spans.getFinishedSpanItems());
        assertThat(span.getName()).isEqualTo("process_item");
        assertThat(span.getAttributes().get(AttributeKey.longKey("item.id"))).isEqualTo(7);
        assertThat(span.getAttributes().get(AttributeKey.longKey("processing.time_ms"))).isEqualTo(2);
        assertThat(span.getAttributes().get(AttributeKey.doubleKey("slowdown.factor"))).isEqualTo(1.0);
    }

    @Test
    void aBatchIsOneProcessBatchSpanWithAProcessItemSpanPerItem() throws Exception {
        WorkBatch batch = new WorkBatch(LongStream.rangeClosed(1, 3).mapToObj(this::item).toList());

        BatchResults results = processor.process(batch, admitted());

        assertThat(results.results()).containsExactly(
                ItemResult.processed(1, 2), ItemResult.processed(2, 2), ItemResult.processed(3, 2));
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData batchSpan = single(named(finished, "process_batch"));
        assertThat(batchSpan.getAttributes().get(AttributeKey.longKey("batch.size"))).isEqualTo(3);
        assertThat(batchSpan.getAttributes().get(AttributeKey.longKey("request.overhead_ms"))).isEqualTo(OVERHEAD_MS);
        List<SpanData> items = named(finished, "process_item");
        assertThat(items).hasSize(3)
                .allSatisfy(item -> assertThat(item.getParentSpanId()).isEqualTo(batchSpan.getSpanId()));
        assertThat(items).extracting(item -> item.getAttributes().get(AttributeKey.longKey("item.id")))
                .containsExactly(1L, 2L, 3L);
        assertThat(load.processed()).isEqualTo(3);
        assertThat(load.lastBatchSize()).isEqualTo(3);
    }

    @Test
    void anItemFailingWithErrorSpendsItsTimeAndEndsAnErroredSpan() {
        inject(1.0, FailureMode.ERROR, 35_000);

        assertThatThrownBy(() -> processor.process(item(5), admitted()))
                .isInstanceOfSatisfying(InjectedFailureException.class,
                        e -> assertThat(e.mode()).isEqualTo(FailureMode.ERROR))
                .hasMessage("item 5 failed on purpose after 2 ms (failure_mode error)");

        SpanData span = single(spans.getFinishedSpanItems());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("failure.mode"))).isEqualTo("error");
        assertThat(span.getAttributes().get(AttributeKey.longKey("processing.time_ms"))).isEqualTo(2);
        assertThat(load.processed()).isZero();
        assertThat(load.failed(FailureMode.ERROR)).isEqualTo(1);
    }

    @Test
    void anItemFailingWithTimeoutIsHeldForTheTimeoutWithoutBeingProcessed() {
        inject(1.0, FailureMode.TIMEOUT, 120);

        long start = System.nanoTime();
        assertThatThrownBy(() -> processor.process(item(6), admitted()))
                .isInstanceOfSatisfying(InjectedFailureException.class,
                        e -> assertThat(e.mode()).isEqualTo(FailureMode.TIMEOUT));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        SpanData span = single(spans.getFinishedSpanItems());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("failure.mode"))).isEqualTo("timeout");
        assertThat(load.processed()).isZero();
        assertThat(load.failed(FailureMode.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aBatchAnswersEachFailedItemWhateverTheMode() throws Exception {
        inject(0.5, FailureMode.RESET, 35_000);

        WorkBatch batch = new WorkBatch(List.of(item(1), item(2), item(3), item(4)));

        BatchResults results = processor.process(batch, admitted());

        assertThat(results.results()).containsExactly(
                ItemResult.processed(1, 2), ItemResult.failed(2, FailureMode.RESET, 0),
                ItemResult.processed(3, 2), ItemResult.failed(4, FailureMode.RESET, 0));
        assertThat(named(spans.getFinishedSpanItems(), "process_item"))
                .extracting(span -> span.getStatus().getStatusCode())
                .containsExactly(StatusCode.UNSET, StatusCode.ERROR, StatusCode.UNSET, StatusCode.ERROR);
        assertThat(load.processed()).isEqualTo(2);
        assertThat(load.failed(FailureMode.RESET)).isEqualTo(2);
    }

    @Test
    void theSameSeedReplaysTheSameExponentialDraws() throws Exception {
        settings.apply(json(
                "{\"processing_time_ms\": 3, \"processing_distribution\": \"exponential\", \"processing_seed\": 7}"));
        List<Long> first = processingTimes(8);

        settings.apply(json("{\"processing_seed\": 7}"));
        List<Long> replayed = processingTimes(8);
        settings.apply(json("{\"processing_seed\": 8}"));
        List<Long> otherSeed = processingTimes(8);

        assertThat(new HashSet<>(first)).as("drawn, not fixed: %s", first).hasSizeGreaterThan(1);
        assertThat(replayed).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void anExpiredItemIsAnsweredAtOnceWithoutProcessingTime() throws Exception {
        settings.apply(json("{\"processing_time_ms\": 300, \"drop_expired\": \"on\"}"));

        long start = System.nanoTime();
        assertThatThrownBy(() -> processor.process(item(1, NOW - 1), admitted()))
                .isInstanceOfSatisfying(ItemExpiredException.class, e -> assertThat(e.id()).isEqualTo(1));
        Duration single = Duration.ofNanos(System.nanoTime() - start);
        BatchResults results = processor.process(
                new WorkBatch(List.of(item(2, NOW - 5_000), item(3, NOW), item(4, NOW - 1))), admitted());
        Duration batch = Duration.ofNanos(System.nanoTime() - start).minus(single);

        assertThat(single).as("no processing time, no overhead").isLessThan(Duration.ofMillis(OVERHEAD_MS));
        assertThat(results.results()).as("judged item by item; a deadline of now has not passed yet").containsExactly(
                ItemResult.expired(2), ItemResult.processed(3, 300), ItemResult.expired(4));
        assertThat(batch).as("the overhead and one item's 300 ms, not three items' 900")
                .isBetween(Duration.ofMillis(300 + OVERHEAD_MS), Duration.ofMillis(600));
        assertThat(named(spans.getFinishedSpanItems(), "process_item")).as("only item 3 was processed").hasSize(1);
        assertThat(load.expired()).isEqualTo(3);
        assertThat(load.processed()).isEqualTo(1).isEqualTo(load.good() + load.late());
        assertThat(load.late()).isZero();
    }

    @Test
    void withDropExpiredOffAnItemPastItsDeadlineIsProcessedAndLate() throws Exception {
        ProcessedItem processed = processor.process(item(1, NOW - 1), admitted());

        assertThat(processed).isEqualTo(new ProcessedItem(1, 2));
        assertThat(load.late()).isEqualTo(1);
        assertThat(load.expired()).isZero();
    }

    @Test
    void lateWorkIsTimedByWhenTheDeadlinePassed() throws Exception {
        settings.apply(json("{\"processing_time_ms\": 300}"));
        // a wall clock that runs from NOW, so a deadline can pass while an item is processed
        WorkProcessor running = new WorkProcessor(settings.settings(), slots, load,
                new ProcessingMetrics(new SimpleMeterRegistry(), load, settings.settings(), FAST.bind(ConsumerLimits.class)),
                new ProcessingTracing(tracerProvider.get("test")), new FailureSchedule(), rejectionCost,
                Clock.offset(Clock.systemUTC(), Duration.ofMillis(NOW - System.currentTimeMillis())));

        running.process(item(3, NOW + 150), admitted());
        running.process(item(1, NOW - 1), admitted());
        running.process(item(2, NOW + 10_000), admitted());

        assertThat(load.late()).as("item 3, begun 150 ms before its deadline, and item 1, begun past it").isEqualTo(2);
        assertThat(load.good()).isEqualTo(1);
        assertThat(load.lateSeconds(DeadlinePassed.BEFORE_START)).as("item 1's 300 ms").isBetween(0.3, 0.5);
        assertThat(load.lateSeconds(DeadlinePassed.WHILE_PROCESSING)).as("item 3's 300 ms").isBetween(0.3, 0.5);
    }

    private List<Long> processingTimes(int items) throws InterruptedException {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            times.add(processor.process(item(i), admitted()).processingTimeMs());
        }
        return times;
    }

    @Test
    void everyWayOutOfProcessingGivesTheWaitingPlaceBack() throws Exception {
        settings.apply(json("{\"max_waiting\": 0, \"critical_reserve\": 0}"));
        processor.process(item(1), admitted());
        inject(0.5, FailureMode.ERROR, 35_000);
        processor.process(item(2), admitted());
        assertThatThrownBy(() -> processor.process(item(3), admitted())).isInstanceOf(InjectedFailureException.class);
        inject(1, FailureMode.RESET, 35_000);
        assertThatThrownBy(() -> processor.process(item(4), admitted())).isInstanceOf(InjectedFailureException.class);

        assertThat(admitted().priority()).as("one place, free again").isEqualTo(Priority.SHEDDABLE);
    }

    private ProcessingSlots slots() {
        return slots;
    }

    private WorkProcessor processor() {
        return processor;
    }

    /** A place in the waiting room, as the web layer gets one before the body is read. */
    private Admission admitted() {
        return waitingRoom.admit(Priority.SHEDDABLE);
    }

    @Test
    void theNextSlotTakenSpendsTheShedRequestsCostBeforeItsOwnWork() throws Exception {
        settings.apply(json("{\"concurrency\": 1, \"max_waiting\": 0, \"reject_cost_ms\": 150}"));
        Admission inside = admitted();
        assertThatThrownBy(this::admitted).isInstanceOf(RequestShedException.class);
        assertThatThrownBy(this::admitted).isInstanceOf(RequestShedException.class);
        assertThat(rejectionCost.owedMs()).as("two refusals").isEqualTo(300);
        inside.leave();

        long start = System.nanoTime();
        processor.process(item(1), admitted());
        long payingMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        start = System.nanoTime();
        processor.process(item(2), admitted());
        long nextMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(payingMs).as("300 ms of refusals, then 10 + 2 ms of its own").isBetween(300L, 3_000L);
        assertThat(nextMs).as("the debt was paid").isLessThan(300L);
        assertThat(rejectionCost.paidMs()).isEqualTo(300);
        assertThat(rejectionCost.owedMs()).isZero();
    }

    private void inject(double rate, FailureMode mode, long timeoutMs) {
        settings.apply(json("{\"failure_rate\": %s, \"failure_mode\": \"%s\", \"failure_timeout_ms\": %d}"
                .formatted(rate, mode, timeoutMs)));
    }

    private WorkItem item(long id) {
        return new WorkItem(id, System.currentTimeMillis(), System.currentTimeMillis(), "xyz", null);
    }

    private static WorkItem item(long id, long deadlineAt) {
        return new WorkItem(id, NOW, NOW, "xyz", deadlineAt);
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).toList();
    }

    private static SpanData single(List<SpanData> finished) {
        assertThat(finished).hasSize(1);
        return finished.getFirst();
    }
}
