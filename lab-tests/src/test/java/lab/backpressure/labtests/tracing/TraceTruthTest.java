package lab.backpressure.labtests.tracing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.Lab;
import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static lab.backpressure.labtests.tracing.OtlpHttpReceiver.TRACES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Exercise 7 for real: both services run with the OpenTelemetry Java agent the build ships and
 * export OTLP/HTTP, exactly as they do to Jaeger, to a receiver inside this test. One item's trace
 * must cross both services with the spans and attributes the lab's contract names, and its timing
 * must tell the truth about the time the item spent in the queue. The latency histograms' exemplars
 * (what Grafana draws as dots) must name the traces of the items they measured.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceTruthTest {

    private static final String PRODUCER = LabService.PRODUCER.serviceName();
    private static final String CONSUMER = LabService.CONSUMER.serviceName();
    private static final String QUEUE_WAIT = "producer_queue_wait_seconds";
    private static final String PROCESSING = "consumer_processing_seconds";
    private static final String END_TO_END = "consumer_end_to_end_latency_seconds";

    // 20 ms x 3 = 60 ms per item: the consumer takes at most ~16 items/s while 40/s arrive,
    // so the queue grows by more than 20 items every second
    private static final int PROCESSING_TIME_MS = 20;
    private static final int SLOW_DOWN_FACTOR = 3;
    private static final int PRODUCTION_RATE = 40;

    /** An item that waited this long was clearly held up by the queue, not by a scheduling hiccup. */
    private static final double BACKPRESSURED_LATENCY_SECONDS = 1.0;
    private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(45);
    /**
     * queue_wait ends just after the item is taken, when queue.latency_seconds is measured; a busy
     * machine may hold the delivery thread back a little in between.
     */
    private static final Duration QUEUE_WAIT_TOLERANCE = Duration.ofMillis(100);
    /** Two readings of one whole-millisecond duration, as seconds in a double. */
    private static final double SAME_MEASUREMENT = 1e-9;
    private static final double MILLIS_PER_SECOND = 1000.0;

    @Test
    void oneTraceFollowsABackpressuredItemFromTheQueueThroughTheConsumer() {
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
             Lab lab = Lab.start(receiver.exportingHere(LabService.CONSUMER).withAgent()
                             .property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                     receiver.exportingHere(LabService.PRODUCER).withAgent()
                             .property("lab.producer.production-rate", PRODUCTION_RATE)
                             .property("lab.producer.producing", false))) {
            ServiceProcess consumer = lab.consumer();
            ServiceProcess producer = lab.producer();
            LabHttp.postJson(consumer.baseUrl() + "/admin/slow-down", "{\"factor\": " + SLOW_DOWN_FACTOR + "}");
            LabHttp.postJson(producer.baseUrl() + "/admin/config", "{\"producing\": true}");

            ReceivedTrace trace = awaitTrace(receiver, TraceTruthTest::isBackpressuredDeliveryIntoTheConsumer);
            String tree = trace.render();

            ReceivedSpan root = single(trace.roots(), "root", tree);
            assertThat(root.service()).as(tree).isEqualTo(PRODUCER);
            assertThat(root.name()).as("the root span\n%s", tree).isEqualTo("deliver_item");

            ReceivedSpan send = trace.first(PRODUCER, "send_to_consumer").orElseThrow();
            assertThat(trace.parentOf(send)).as("parent of send_to_consumer\n%s", tree).contains(root);
            assertThat(send.attribute("queue.latency_seconds")).as(tree).containsInstanceOf(Double.class);
            double latencySeconds = send.number("queue.latency_seconds").orElseThrow();
            assertThat(send.attribute("queue.mode")).as(tree).contains("unbounded");
            assertThat(send.attribute("queue.size")).as(tree).containsInstanceOf(Long.class);
            assertThat(send.number("queue.size")).as("items still queued behind a backpressured one\n%s", tree)
                    .hasValueSatisfying(size -> assertThat(size).isPositive());
            assertThat(send.attribute("item.id")).as(tree).containsInstanceOf(Long.class);

            ReceivedSpan queueWait = trace.first(PRODUCER, "queue_wait").orElseThrow(() -> new AssertionError(tree));
            assertThat(trace.parentOf(queueWait)).as("parent of queue_wait\n%s", tree).contains(root);
            assertThat(queueWait.startEpochNanos()).as("queue_wait and deliver_item start at enqueue time\n%s", tree)
                    .isCloseTo(root.startEpochNanos(), within(TimeUnit.MILLISECONDS.toNanos(1)));
            assertThat(queueWait.duration().toNanos() / 1e9).as("queue_wait lasts queue.latency_seconds\n%s", tree)
                    .isCloseTo(latencySeconds, within(QUEUE_WAIT_TOLERANCE.toNanos() / 1e9));
            assertThat(queueWait.endEpochNanos()).as("the wait is over before the send starts\n%s", tree)
                    .isLessThanOrEqualTo(send.startEpochNanos());
            assertThat(root.endEpochNanos()).as("deliver_item spans the send\n%s", tree)
                    .isGreaterThanOrEqualTo(send.endEpochNanos());

            ReceivedSpan client = single(trace.ofKind(PRODUCER, SpanKind.SPAN_KIND_CLIENT),
                    "producer CLIENT span", tree);
            assertThat(trace.parentOf(client)).as("parent of the HTTP client span\n%s", tree).contains(send);
            assertThat(client.attribute("http.request.method")).as(tree).contains("POST");
            assertThat(client.attribute("url.full")).as(tree).contains(consumer.baseUrl() + "/process");

            ReceivedSpan server = single(trace.ofKind(CONSUMER, SpanKind.SPAN_KIND_SERVER),
                    "consumer SERVER span, joined by the W3C traceparent header", tree);
            assertThat(trace.parentOf(server)).as("parent of the consumer's server span\n%s", tree).contains(client);
            assertThat(server.attribute("http.route")).as(tree).contains("/process");
            assertThat(server.startEpochNanos() - root.startEpochNanos())
                    .as("the consumer saw the item only after it had waited in the queue\n%s", tree)
                    .isGreaterThanOrEqualTo((long) (latencySeconds * 1e9));

            ReceivedSpan process = trace.first(CONSUMER, "process_item").orElseThrow(() -> new AssertionError(tree));
            assertThat(trace.parentOf(process)).as("parent of process_item\n%s", tree).contains(server);
            assertThat(process.number("slowdown.factor")).as(tree).contains((double) SLOW_DOWN_FACTOR);
            assertThat(process.number("processing.time_ms")).as(tree)
                    .contains((double) PROCESSING_TIME_MS * SLOW_DOWN_FACTOR);
            assertThat(process.duration()).as("process_item covers the processing\n%s", tree)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(PROCESSING_TIME_MS * SLOW_DOWN_FACTOR));

            ReceivedSpan firstSent = sendsInOrder(receiver).getFirst();
            assertThat(firstSent.number("queue.latency_seconds").orElseThrow())
                    .as("queue.latency_seconds grows with the queue: the first item sent barely waited")
                    .isLessThan(latencySeconds / 2);
            assertThat(firstSent.number("queue.size").orElseThrow())
                    .as("and saw a shorter queue behind it")
                    .isLessThan(send.number("queue.size").orElseThrow());

            assertThat(receiver.requestPaths()).as("only traces are exported; metrics and logs are off")
                    .containsOnly(TRACES_PATH);

            // From a latency spike to its trace: each exemplar of the latency histograms is an item's trace
            OpenMetricsScrape producerScrape = OpenMetricsScrape.of(producer);
            OpenMetricsScrape consumerScrape = OpenMetricsScrape.of(consumer);
            assertExemplarsOnlyOnBucketsAndCounters(producerScrape, consumerScrape);
            assertQueueWaitExemplarsAreTheirItemsDeliveries(receiver, producerScrape.exemplars(QUEUE_WAIT));
            assertConsumerExemplarsAreProcessedItems(receiver, consumerScrape);
        }
    }

    @Test
    void withoutTheAgentItemsAreDeliveredAndTheSpansAreNoOps() {
        int items = 5;
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
             Lab lab = Lab.start(receiver.exportingHere(LabService.CONSUMER),
                     receiver.exportingHere(LabService.PRODUCER).property("lab.producer.producing", false))) {
            ServiceProcess consumer = lab.consumer();
            ServiceProcess producer = lab.producer();

            assertThat(LabHttp.postJson(producer.baseUrl() + "/produce", "{\"count\": " + items + "}")
                    .required("accepted").intValue()).isEqualTo(items);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(ProducerStatus.of(producer).sent()).isEqualTo(items);
                assertThat(ConsumerStatus.of(consumer).processed()).isEqualTo(items);
            });
            // the OTEL_ variables are set as for the agent: had anything but the agent picked them up,
            // its spans would arrive within this window (the batch delay is 200 ms)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.requestPaths().isEmpty());

            OpenMetricsScrape producerScrape = OpenMetricsScrape.of(producer);
            OpenMetricsScrape consumerScrape = OpenMetricsScrape.of(consumer);
            assertThat(producerScrape.count(QUEUE_WAIT)).as("queue waits recorded").isEqualTo(items);
            assertThat(consumerScrape.count(PROCESSING)).as("processing times recorded").isEqualTo(items);
            assertThat(producerScrape.withExemplars()).as("producer exemplars without a tracer").isEmpty();
            assertThat(consumerScrape.withExemplars()).as("consumer exemplars without a tracer").isEmpty();
        }
    }

    /**
     * A delivered item that waited in the queue, with both halves of its trace received: the
     * producer's root (which ends last there) and the consumer's server and processing spans.
     */
    private static boolean isBackpressuredDeliveryIntoTheConsumer(ReceivedTrace trace) {
        return trace.first(PRODUCER, "send_to_consumer")
                .flatMap(send -> send.number("queue.latency_seconds"))
                .filter(latency -> latency >= BACKPRESSURED_LATENCY_SECONDS)
                .isPresent()
                && trace.roots().stream().anyMatch(root -> root.service().equals(PRODUCER))
                && !trace.ofKind(CONSUMER, SpanKind.SPAN_KIND_SERVER).isEmpty()
                && !trace.named(CONSUMER, "process_item").isEmpty();
    }

    private static ReceivedTrace awaitTrace(OtlpHttpReceiver receiver, Predicate<ReceivedTrace> wanted) {
        try {
            return await().atMost(TRACE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> receiver.traces().values().stream().filter(wanted).findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            return fail("No trace crossed from a backpressured send_to_consumer into the consumer within %s.%n%s",
                    TRACE_TIMEOUT, whatArrived(receiver));
        }
    }

    /** Prometheus (2.42 at least) refuses a whole scrape that has an exemplar anywhere else. */
    private static void assertExemplarsOnlyOnBucketsAndCounters(OpenMetricsScrape... scrapes) {
        for (OpenMetricsScrape scrape : scrapes) {
            assertThat(scrape.withExemplars()).extracting(OpenMetricsScrape.Sample::name)
                    .as("samples with exemplars")
                    .allMatch(name -> name.endsWith("_bucket") || name.endsWith("_total"));
        }
    }

    /**
     * Each exemplar of the queue wait is the root {@code deliver_item} span of one item's trace, and its value
     * is that item's wait, as the trace's {@code queue.latency_seconds} says.
     */
    private static void assertQueueWaitExemplarsAreTheirItemsDeliveries(OtlpHttpReceiver receiver,
                                                                       List<OpenMetricsScrape.Exemplar> exemplars) {
        assertThat(exemplars).as("exemplars on %s", QUEUE_WAIT).isNotEmpty();
        for (OpenMetricsScrape.Exemplar exemplar : exemplars) {
            ReceivedTrace trace = awaitTraceOf(receiver, exemplar, TraceTruthTest::hasTheDelivery);
            String tree = trace.render();
            ReceivedSpan span = spanOf(trace, exemplar);
            assertThat(span.is(PRODUCER, "deliver_item") && span.isRoot())
                    .as("the queue wait exemplar %s is the item's deliver_item span%n%s", exemplar, tree).isTrue();
            double latencySeconds = trace.first(PRODUCER, "send_to_consumer").orElseThrow()
                    .number("queue.latency_seconds").orElseThrow();
            assertThat(exemplar.value()).as("the exemplar's value is the wait of the item in its trace\n%s", tree)
                    .isCloseTo(latencySeconds, within(SAME_MEASUREMENT));
        }
    }

    /**
     * Each exemplar of the consumer's processing and end-to-end latency is the server span of one item's
     * {@code POST /process}, with that item's {@code process_item} in it, and its value covers what the trace
     * shows: the processing time, and for end to end also the time the item waited in the producer's queue.
     */
    private static void assertConsumerExemplarsAreProcessedItems(OtlpHttpReceiver receiver, OpenMetricsScrape scrape) {
        Map<String, List<OpenMetricsScrape.Exemplar>> byHistogram = Map.of(
                PROCESSING, scrape.exemplars(PROCESSING), END_TO_END, scrape.exemplars(END_TO_END));
        byHistogram.forEach((histogram, exemplars) -> {
            assertThat(exemplars).as("exemplars on %s", histogram).isNotEmpty();
            for (OpenMetricsScrape.Exemplar exemplar : exemplars) {
                ReceivedTrace trace = awaitTraceOf(receiver, exemplar,
                        candidate -> hasTheDelivery(candidate) && candidate.first(CONSUMER, "process_item").isPresent());
                String tree = trace.render();
                ReceivedSpan process = trace.first(CONSUMER, "process_item").orElseThrow();
                assertThat(trace.parentOf(process)).as("the %s exemplar %s is the server span around process_item%n%s",
                        histogram, exemplar, tree).contains(spanOf(trace, exemplar));
                double processingSeconds = process.number("processing.time_ms").orElseThrow() / MILLIS_PER_SECOND;
                double queuedSeconds = histogram.equals(END_TO_END)
                        ? trace.first(PRODUCER, "send_to_consumer").orElseThrow()
                                .number("queue.latency_seconds").orElseThrow()
                        : 0;
                // both services measure in whole milliseconds from the wall clock
                assertThat(exemplar.value()).as("%s of the item in its trace%n%s", histogram, tree)
                        .isGreaterThanOrEqualTo(queuedSeconds + processingSeconds - 1 / MILLIS_PER_SECOND);
            }
        });
    }

    private static boolean hasTheDelivery(ReceivedTrace trace) {
        return trace.first(PRODUCER, "deliver_item").isPresent() && trace.first(PRODUCER, "send_to_consumer").isPresent();
    }

    /** The trace an exemplar names, once the receiver holds the spans {@code complete} asks for. */
    private static ReceivedTrace awaitTraceOf(OtlpHttpReceiver receiver, OpenMetricsScrape.Exemplar exemplar,
                                              Predicate<ReceivedTrace> complete) {
        try {
            return await().atMost(TRACE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> Optional.ofNullable(receiver.traces().get(exemplar.traceId())).filter(complete),
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            return fail("The exemplar %s names no trace the services exported within %s.%n%s",
                    exemplar, TRACE_TIMEOUT, whatArrived(receiver));
        }
    }

    private static ReceivedSpan spanOf(ReceivedTrace trace, OpenMetricsScrape.Exemplar exemplar) {
        return trace.spans().stream().filter(span -> span.spanId().equals(exemplar.spanId())).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + exemplar.spanId() + " in\n" + trace.render()));
    }

    private static ReceivedSpan single(List<ReceivedSpan> spans, String what, String tree) {
        assertThat(spans).as("exactly one %s in%n%s", what, tree).hasSize(1);
        return spans.getFirst();
    }

    private static List<ReceivedSpan> sendsInOrder(OtlpHttpReceiver receiver) {
        return receiver.spans().stream()
                .filter(span -> span.is(PRODUCER, "send_to_consumer"))
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }

    /** What did arrive, for a failure message: span counts by service, kind and name, and a few item traces. */
    private static String whatArrived(OtlpHttpReceiver receiver) {
        Map<String, Long> counts = receiver.spans().stream().collect(Collectors.groupingBy(
                span -> span.service() + " " + span.kind() + " " + span.name(), Collectors.counting()));
        String traces = receiver.traces().values().stream()
                .filter(trace -> trace.services().size() > 1 || !trace.named(PRODUCER, "send_to_consumer").isEmpty()
                        || !trace.named(CONSUMER, "process_item").isEmpty())
                .limit(3)
                .map(ReceivedTrace::render)
                .collect(Collectors.joining("\n"));
        return "requests: " + receiver.requestPaths().stream().distinct().toList()
                + "\nrejected requests: " + receiver.problems()
                + "\nspans: " + counts + "\n" + traces;
    }
}
