package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.Observation;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import lab.backpressure.labtests.tracing.OtlpHttpReceiver;
import lab.backpressure.labtests.tracing.ReceivedSpan;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Walks Exercise 15 (docs/exercises/15-batching.md) against the real producer and consumer jars with the
 * exercise's own requests: a consumer that spends 50 ms on every request and 5 ms on every item, overloaded at
 * 100 items/s in unbounded mode. Its capacity is n × 1000 ÷ (50 + 5n) for batches of n (18.2/s for 1, 66.7/s for
 * 5, 133.3/s for 20), and what the producer delivers per second must follow it while a backlog stands; adaptive
 * batching must grow its batch under the backlog and shrink it once the queue has drained; and at the end every
 * item produced has been delivered, the books balancing after every step.
 *
 * <p>Both services run with the OpenTelemetry agent exporting to a receiver inside the test, to see a batch's
 * trace cross both services: the producer's {@code send_to_consumer} with {@code batch.size} 20, the consumer's
 * server span under it and the consumer's {@code process_batch} under that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BatchingWalkthroughTest {

    private static final String PRODUCER = LabService.PRODUCER.serviceName();
    private static final String CONSUMER = LabService.CONSUMER.serviceName();
    private static final int REQUEST_OVERHEAD_MS = 50;
    private static final int PROCESSING_TIME_MS = 5;
    private static final int PRODUCTION_RATE = 100;
    /** The adaptive exercise's maximum: at 50 ms + 5 ms per item its capacity, 167/s, drains the backlog. */
    private static final int ADAPTIVE_MAXIMUM = 50;
    /** Where adaptive has clearly grown from 1 under the backlog, and where it has clearly come down again. */
    private static final int GROWN = 30;
    private static final int SETTLED_AT_MOST = 20;

    /**
     * Delivered per second must reach this share of the capacity: the consumer's sleeps overshoot a little and the
     * machine runs four JVMs with agents on two cores; it cannot beat the capacity by more than a 5 s window's
     * counting error.
     */
    private static final double AT_LEAST_OF_CAPACITY = 0.6;
    private static final double AT_MOST_OF_CAPACITY = 1.1;
    /** Generous, against the arithmetic's 133.3 ÷ 18.2 = 7.3. */
    private static final double BATCH_20_OVER_BATCH_1 = 3;
    /** A backlog of this many items is there before the first window, so no window starves the consumer. */
    private static final int BACKLOG = 100;

    private static final Duration WATCH = Duration.ofSeconds(6);
    /** The start of each window that is left out of its rate: the requests of the old batch size still finishing. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

    @AutoClose
    private OtlpHttpReceiver receiver;
    @AutoClose
    private ServiceProcess consumer;
    @AutoClose
    private ServiceProcess producer;
    private final Map<Integer, Double> deliveredPerSecond = new TreeMap<>();

    /** Both started at once to save time, the producer idle until the exercise's setup turns it on. */
    @BeforeAll
    void startTheLab() {
        receiver = OtlpHttpReceiver.start();
        consumer = receiver.exportingHere(LabService.CONSUMER).withAgent().start();
        producer = receiver.exportingHere(LabService.PRODUCER).withAgent()
                .property("lab.producer.consumer-url", consumer.baseUrl())
                .property("lab.producer.producing", false)
                .start();
        consumer.awaitReady();
        producer.awaitReady();
        JsonNode consumerConfig = HandoutCurl.config(consumer.baseUrl() + "/admin/config", """
                {"request_overhead_ms": 50, "processing_time_ms": 5}""");
        assertThat(consumerConfig.required("capacity_per_second").doubleValue())
                .as("1 × 1000 ÷ (50 + 1 × 5)").isCloseTo(capacity(1), within(0.01));
        HandoutCurl.config(producer.baseUrl() + "/admin/config", """
                {"production_rate": 100, "payload_bytes": 1024, "producing": true}""");
        await("a backlog builds up").atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> status().size() >= BACKLOG);
    }

    @ParameterizedTest(name = "batch_size {0}")
    @ValueSource(ints = {1, 5, 20})
    @Order(1)
    void deliveredPerSecondFollowsTheConsumersCapacityForTheBatchSize(int batchSize) {
        HandoutCurl.config(producer.baseUrl() + "/admin/config", """
                {"batch_size": %d}""".formatted(batchSize));
        await("the consumer sees batches of " + batchSize).atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> consumerStatus().required("last_batch_size").intValue() == batchSize);
        assertThat(consumerStatus().required("capacity_per_second").doubleValue())
                .as("capacity_per_second = %d × 1000 ÷ (50 + %d × 5)", batchSize, batchSize)
                .isCloseTo(capacity(batchSize), within(0.01));

        Observation watched = watch();

        assertThat(watched.values(ProducerStatus::size)).as("a backlog of at least a batch stood all along")
                .allMatch(size -> size >= batchSize);
        double delivered = watched.ratePerSecond(ProducerStatus::sent, SETTLE);
        deliveredPerSecond.put(batchSize, delivered);
        assertThat(delivered).as("delivered per second at batch_size %d, capacity %.1f/s", batchSize,
                        capacity(batchSize))
                .isBetween(AT_LEAST_OF_CAPACITY * capacity(batchSize), AT_MOST_OF_CAPACITY * capacity(batchSize));
        assertThat(watched.last().json().requiredAt("/delivery/last_batch_size").intValue()).isEqualTo(batchSize);
        assertThat(watched.last().failed()).as("nothing refused").isZero();
    }

    @Test
    @Order(2)
    void batchesOfTwentyDeliverSeveralTimesWhatSingleItemsDo() {
        assertThat(deliveredPerSecond).as("delivered per second by batch size").containsOnlyKeys(1, 5, 20);
        assertThat(deliveredPerSecond.get(5)).as("%s", deliveredPerSecond).isGreaterThan(deliveredPerSecond.get(1));
        assertThat(deliveredPerSecond.get(20)).as("%s", deliveredPerSecond)
                .isGreaterThan(deliveredPerSecond.get(5))
                .isGreaterThanOrEqualTo(BATCH_20_OVER_BATCH_1 * deliveredPerSecond.get(1));
    }

    @Test
    @Order(3)
    void aBatchIsOneTraceFromTheProducerThroughTheConsumersProcessBatch() {
        List<ReceivedSpan> trace = await("a batch of 20 traced through the consumer").atMost(TRACE_TIMEOUT)
                .pollInterval(WATCH_INTERVAL)
                .until(this::aTracedBatchOfTwenty, spans -> !spans.isEmpty());
        String tree = String.join("\n", trace.stream().map(ReceivedSpan::toString).toList());

        ReceivedSpan send = only(trace, PRODUCER, "send_to_consumer");
        ReceivedSpan delivery = parentOf(send, trace);
        assertThat(delivery.is(PRODUCER, "deliver_item")).as("send_to_consumer is under an item's deliver_item\n%s",
                tree).isTrue();
        assertThat(delivery.number("item.id")).as("the first item's\n%s", tree).isEqualTo(send.number("item.id"));
        ReceivedSpan server = trace.stream().filter(span -> span.service().equals(CONSUMER)
                && span.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow(() -> new AssertionError(tree));
        assertThat(server.attribute("http.route")).as(tree).contains("/process/batch");
        ReceivedSpan processBatch = only(trace, CONSUMER, "process_batch");
        assertThat(parentOf(processBatch, trace)).as("process_batch is under the consumer's server span\n%s", tree)
                .isEqualTo(server);
        assertThat(processBatch.number("batch.size")).as(tree).contains(20.0);
        assertThat(processBatch.number("request.overhead_ms")).as(tree).contains((double) REQUEST_OVERHEAD_MS);
        assertThat(trace.stream().filter(span -> span.is(CONSUMER, "process_item"))).as("an item span each\n%s", tree)
                .hasSize(20);
    }

    @Test
    @Order(4)
    void adaptiveGrowsItsBatchWhileTheBacklogStandsAndShrinksItOnceTheQueueHasDrained() {
        HandoutCurl.config(producer.baseUrl() + "/admin/config", """
                {"batching": "adaptive", "batch_size": 50}""");

        await("the batch target grows under the backlog").atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> batchTarget(status()) >= GROWN);
        await("the larger batches drain the queue").atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> status().size() < ADAPTIVE_MAXIMUM);
        await("with the queue drained the target comes down").atMost(CHANGE_TIMEOUT).pollInterval(WATCH_INTERVAL)
                .until(() -> batchTarget(status()) <= SETTLED_AT_MOST);

        Observation watched = watch();
        assertThat(watched.ratePerSecond(ProducerStatus::sent, SETTLE)).as("delivered per second keeps up with"
                + " production at the smaller batch").isGreaterThan(AT_LEAST_OF_CAPACITY * PRODUCTION_RATE);
        assertThat(watched.values(ProducerStatus::size)).as("queue sizes: no backlog builds up again")
                .allMatch(size -> size < ADAPTIVE_MAXIMUM);
    }

    @Test
    @Order(5)
    void nothingIsLost() {
        HandoutCurl.config(producer.baseUrl() + "/admin/config", """
                {"producing": false}""");
        await("the queue drains and stays empty: the generator has stopped").atMost(CHANGE_TIMEOUT)
                .during(Duration.ofSeconds(1)).pollInterval(WATCH_INTERVAL)
                .until(() -> {
                    ProducerStatus status = status();
                    return status.size() == 0 && status.inFlight() == 0;
                });

        ProducerStatus end = status();
        end.assertIdentities();
        assertThat(end.rejected()).as("unbounded rejects nothing").isZero();
        assertThat(end.dropped()).as("nothing dropped").isZero();
        assertThat(end.failed()).as("nothing refused").isZero();
        assertThat(end.sent()).as("every item produced was delivered").isEqualTo(end.produced()).isPositive();
        assertThat(consumerStatus().required("processed").longValue())
                .as("the consumer processed each at least once").isGreaterThanOrEqualTo(end.sent());
    }

    /** The exercise's watch loop, every reading's books checked. */
    private Observation watch() {
        Observation watched = Observation.watch(producer, WATCH, WATCH_INTERVAL);
        watched.statuses().forEach(ProducerStatus::assertIdentities);
        return watched;
    }

    /** The spans of a trace whose request carried 20 items and reached the consumer's {@code process_batch}. */
    private List<ReceivedSpan> aTracedBatchOfTwenty() {
        List<ReceivedSpan> spans = receiver.spans();
        return spans.stream()
                .filter(span -> span.is(PRODUCER, "send_to_consumer"))
                .filter(span -> span.number("batch.size").filter(size -> size == 20.0).isPresent())
                .map(ReceivedSpan::traceId)
                .filter(traceId -> spans.stream().anyMatch(span -> span.traceId().equals(traceId)
                        && span.is(CONSUMER, "process_batch")))
                .findFirst()
                .map(traceId -> spans.stream().filter(span -> span.traceId().equals(traceId)).toList())
                .orElse(List.of());
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String service, String name) {
        List<ReceivedSpan> named = trace.stream().filter(span -> span.is(service, name)).toList();
        assertThat(named).as("%s %s in %s", service, name, trace).hasSize(1);
        return named.getFirst();
    }

    private static ReceivedSpan parentOf(ReceivedSpan span, List<ReceivedSpan> trace) {
        return trace.stream().filter(candidate -> candidate.spanId().equals(span.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("no parent of " + span + " in " + trace));
    }

    /** The consumer's capacity for batches of n: n × 1000 ÷ (overhead + n × processing time). */
    private static double capacity(int batchSize) {
        return batchSize * 1000.0 / (REQUEST_OVERHEAD_MS + batchSize * PROCESSING_TIME_MS);
    }

    private static int batchTarget(ProducerStatus status) {
        return status.json().requiredAt("/delivery/batch_target").intValue();
    }

    private ProducerStatus status() {
        return ProducerStatus.of(producer);
    }

    private JsonNode consumerStatus() {
        return LabHttp.getJson(consumer.baseUrl() + "/status");
    }
}
