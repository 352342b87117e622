package lab.backpressure.labtests.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import lab.backpressure.labtests.support.LabService;
import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * One item's trace through the Kafka lane, as the OpenTelemetry agent joins it: the agent's kafka-clients
 * instrumentation wraps the producer's {@code send} in a PRODUCER span and writes its context into the record's
 * {@code traceparent} header; its spring-kafka instrumentation opens the listener's CONSUMER span from that header,
 * inside which the consumer's own {@code process_item} runs. The gap between the two is the time the record spent in
 * the log. The lag reader's peek at the oldest unprocessed record is a CONSUMER span too (a consumer of no group,
 * client {@code lab-lag-reader}), child of the same PRODUCER span; the listener's is the one of the group.
 *
 * @param tree     the trace as Jaeger's waterfall lists it
 * @param inTheLog from the end of the producer's send (the broker's acknowledgement) to the listener taking it
 */
public record BrokerTrace(String tree, Duration inTheLog) {

    private static final String PRODUCER = LabService.PRODUCER.serviceName();
    private static final String CONSUMER = LabService.CONSUMER.serviceName();
    private static final String TOPIC = "lab.items";
    private static final String GROUP = "lab-consumers";
    private static final String GROUP_ATTRIBUTE = "messaging.kafka.consumer.group";

    /**
     * Waits for the trace of an item that waited in the log at least {@code waited}, and asserts how its spans
     * join: {@code send_to_consumer} → the PRODUCER span → (the record's header) the CONSUMER span →
     * {@code process_item}, one trace.
     */
    public static BrokerTrace awaitOne(OtlpHttpReceiver receiver, Duration waited, Duration timeout) {
        ReceivedTrace trace;
        try {
            trace = await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .until(() -> receiver.traces().values().stream()
                                    .filter(candidate -> waitedInTheLog(candidate).filter(
                                            gap -> gap.compareTo(waited) >= 0).isPresent())
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            return fail("No trace of an item that waited %s in the log crossed the broker within %s.%n%s",
                    waited, timeout, whatArrived(receiver));
        }
        String tree = trace.render();
        ReceivedSpan send = trace.first(PRODUCER, "send_to_consumer").orElseThrow();
        ReceivedSpan publish = single(trace.ofKind(PRODUCER, SpanKind.SPAN_KIND_PRODUCER), "PRODUCER span", tree);
        assertThat(trace.parentOf(publish)).as("parent of the PRODUCER span\n%s", tree).contains(send);
        assertThat(publish.attribute("messaging.destination.name")).as(tree).contains(TOPIC);
        ReceivedSpan consume = single(listenerSpans(trace), "CONSUMER span of group " + GROUP, tree);
        assertThat(trace.parentOf(consume)).as("parent of the CONSUMER span, from the record's header\n%s", tree)
                .contains(publish);
        assertThat(consume.attribute("messaging.destination.name")).as(tree).contains(TOPIC);
        ReceivedSpan process = trace.first(CONSUMER, "process_item").orElseThrow(() -> new AssertionError(tree));
        assertThat(trace.parentOf(process)).as("parent of process_item\n%s", tree).contains(consume);
        return new BrokerTrace(tree, Duration.ofNanos(consume.startEpochNanos() - publish.endEpochNanos()));
    }

    /** How long the item waited between the broker's acknowledgement and its listener, once both halves arrived. */
    private static Optional<Duration> waitedInTheLog(ReceivedTrace trace) {
        List<ReceivedSpan> publish = trace.ofKind(PRODUCER, SpanKind.SPAN_KIND_PRODUCER);
        List<ReceivedSpan> consume = listenerSpans(trace);
        if (publish.size() != 1 || consume.isEmpty() || trace.first(CONSUMER, "process_item").isEmpty()
                || trace.first(PRODUCER, "send_to_consumer").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(consume.getFirst().startEpochNanos() - publish.getFirst().endEpochNanos()));
    }

    private static List<ReceivedSpan> listenerSpans(ReceivedTrace trace) {
        return trace.ofKind(CONSUMER, SpanKind.SPAN_KIND_CONSUMER).stream()
                .filter(span -> span.attribute(GROUP_ATTRIBUTE).filter(GROUP::equals).isPresent()).toList();
    }

    private static ReceivedSpan single(List<ReceivedSpan> spans, String what, String tree) {
        assertThat(spans).as("exactly one %s in%n%s", what, tree).hasSize(1);
        return spans.getFirst();
    }

    /** Span counts by service, kind and name, and two traces with a span of the topic, for a failure message. */
    private static String whatArrived(OtlpHttpReceiver receiver) {
        String counts = receiver.spans().stream().collect(Collectors.groupingBy(
                span -> span.service() + " " + span.kind() + " " + span.name(), Collectors.counting())).toString();
        String traces = receiver.traces().values().stream()
                .filter(trace -> trace.spans().stream().anyMatch(span -> span.name().startsWith(TOPIC)))
                .limit(2).map(ReceivedTrace::render).collect(Collectors.joining("\n"));
        return "spans: " + counts + "\n" + traces;
    }
}
