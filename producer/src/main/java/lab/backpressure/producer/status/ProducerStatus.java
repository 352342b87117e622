package lab.backpressure.producer.status;

import java.util.Map;

/**
 * The body of {@code GET /status}; snake_case on the wire. Sizes in {@code _mb} fields are MiB.
 *
 * @param queue {@code mode}, {@code size}, {@code max_size} (null when the mode does not bound the queue),
 *              {@code rate_limit} (null when it does not throttle production), {@code memory_mb} and
 *              {@code memory_bytes} (heap held by the queued items: an estimate of their bytes, not heap
 *              used), then the mode's own parameters and state
 * @param delivery {@code limit_algorithm}, {@code limit}, {@code in_flight} (slots in use) and {@code rtt_min_ms},
 *              then each delivery policy's own fields
 */
record ProducerStatus(
        String service,
        double productionRate,
        boolean producing,
        Map<String, Object> queue,
        Totals totals,
        ProcessMemory process,
        Consumer consumer,
        Map<String, Object> delivery) {

    /**
     * The item counts, from one snapshot: the accounting identities hold between them exactly.
     *
     * @param good the sent items the consumer answered by their client deadline (all sent items when they carry
     *             none): a part of {@code sent}, not a term of the identities
     * @param attempts delivery attempts of items (a batch of n is n), whatever their outcome: with {@code sent}, the
     *             retry amplification
     */
    public record Totals(long produced, long enqueued, long rejected, long dropped, long sent, long failed,
                         long inFlight, long failedAttempts, long throttled, long good, long attempts) {
    }

    /**
     * @param heapMaxMb null if the JVM has no heap limit
     * @param rssMb     resident set size from /proc, null where there is no /proc
     */
    public record ProcessMemory(double heapUsedMb, double heapCommittedMb, Double heapMaxMb, Double rssMb,
                                double uptimeSeconds) {
    }

    /**
     * @param reachable whether the last delivery attempt got an answer other than 5xx (false before the first)
     * @param backoffMs the pause after the last failed attempt; 0 when the consumer answers
     */
    public record Consumer(String url, boolean reachable, String lastError, long backoffMs) {
    }
}
