package lab.backpressure.producer.status;

/** The body of {@code GET /status}; snake_case on the wire. Sizes in {@code _mb} fields are MiB. */
public record ProducerStatus(
        String service,
        double productionRate,
        boolean producing,
        Queue queue,
        Totals totals,
        ProcessMemory process,
        Consumer consumer) {

    /**
     * @param maxSize    the bound, or null when the mode does not bound the queue
     * @param rateLimit  items/s, or null when the mode does not throttle production
     * @param memoryMb   heap held by the queued items (an estimate of their bytes, not heap used)
     */
    public record Queue(String mode, int size, Integer maxSize, Double rateLimit, double memoryMb, long memoryBytes) {
    }

    /** The item counts, from one snapshot: the accounting identities hold between them exactly. */
    public record Totals(long produced, long enqueued, long rejected, long dropped, long sent, long failed,
                         long inFlight, long failedAttempts) {
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
