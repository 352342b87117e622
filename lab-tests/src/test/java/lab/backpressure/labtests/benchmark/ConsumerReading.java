package lab.backpressure.labtests.benchmark;

import lab.backpressure.labtests.support.LabHttp;
import lab.backpressure.labtests.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * The consumer's own counters from its {@code GET /status}, with the time they were read: goodput is what
 * the consumer processed, whoever sent it, so the benchmark counts it there and not at the producer.
 *
 * @param nanos     {@link System#nanoTime()} halfway through the request, the best guess of when the counters were read
 * @param processed items processed since the consumer started
 * @param shed      requests answered 429 since it started
 */
public record ConsumerReading(long nanos, long processed, long shed) {

    private static final double NANOS_PER_SECOND = 1e9;

    static ConsumerReading of(ServiceProcess consumer) {
        long sent = System.nanoTime();
        JsonNode status = LabHttp.getJson(consumer.baseUrl() + "/status");
        long answered = System.nanoTime();
        return new ConsumerReading(sent + (answered - sent) / 2,
                status.required("processed").longValue(), status.required("shed").longValue());
    }

    /** Seconds from {@code earlier} to this reading. */
    double secondsSince(ConsumerReading earlier) {
        return (nanos - earlier.nanos) / NANOS_PER_SECOND;
    }

    /** Items processed per second from {@code earlier} to this reading. */
    double processedPerSecondSince(ConsumerReading earlier) {
        return (processed - earlier.processed) / secondsSince(earlier);
    }
}
