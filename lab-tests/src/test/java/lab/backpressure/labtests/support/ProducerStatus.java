package lab.backpressure.labtests.support;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * One reading of the producer's {@code GET /status}, named in the handout's words. Fields are read
 * strictly: a field the contract promises but the status lacks fails the test instead of reading as 0.
 */
public record ProducerStatus(JsonNode json) {

    public static ProducerStatus of(ServiceProcess producer) {
        return new ProducerStatus(LabHttp.getJson(producer.baseUrl() + "/status"));
    }

    public long size() {
        return whole("/queue/size");
    }

    public long memoryBytes() {
        return whole("/queue/memory_bytes");
    }

    public double memoryMb() {
        return decimal("/queue/memory_mb");
    }

    public long produced() {
        return whole("/totals/produced");
    }

    public long enqueued() {
        return whole("/totals/enqueued");
    }

    public long rejected() {
        return whole("/totals/rejected");
    }

    public long dropped() {
        return whole("/totals/dropped");
    }

    public long sent() {
        return whole("/totals/sent");
    }

    public long failed() {
        return whole("/totals/failed");
    }

    /** Items answered in time for their client: a part of sent. */
    public long good() {
        return whole("/totals/good");
    }

    /** Delivery attempts sent to the consumer, first or not, counted per item. */
    public long attempts() {
        return whole("/totals/attempts");
    }

    public long inFlight() {
        return whole("/totals/in_flight");
    }

    /** The circuit breaker's state: {@code closed}, {@code open}, {@code half_open}, or {@code disabled} while off. */
    public String circuitState() {
        return StatusFields.text(json, "/delivery/circuit/state");
    }

    public double heapUsedMb() {
        return decimal("/process/heap_used_mb");
    }

    public double heapMaxMb() {
        return decimal("/process/heap_max_mb");
    }

    /**
     * The contract's two conservation identities, {@code produced == enqueued + rejected} and
     * {@code enqueued == sent + failed + dropped + size + in_flight}. The status reads its counters
     * from one consistent snapshot, so they hold exactly, not approximately; a failure shows both
     * identities with every number.
     */
    public void assertIdentities() {
        long admittedOrNot = enqueued() + rejected();
        long accountedFor = sent() + failed() + dropped() + size() + inFlight();
        if (produced() != admittedOrNot || enqueued() != accountedFor) {
            fail("""
                    the accounting identities do not hold:
                      produced == enqueued + rejected: %d == %d + %d (%s)
                      enqueued == sent + failed + dropped + size + in_flight: %d == %d + %d + %d + %d + %d (%s)
                    in %s""".formatted(
                    produced(), enqueued(), rejected(), verdict(produced(), admittedOrNot),
                    enqueued(), sent(), failed(), dropped(), size(), inFlight(), verdict(enqueued(), accountedFor),
                    json));
        }
    }

    private static String verdict(long left, long right) {
        return left == right ? "holds" : "off by " + (left - right);
    }

    private long whole(String pointer) {
        return StatusFields.whole(json, pointer);
    }

    private double decimal(String pointer) {
        return StatusFields.decimal(json, pointer);
    }
}
