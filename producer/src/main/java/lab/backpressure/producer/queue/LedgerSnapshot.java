package lab.backpressure.producer.queue;

import lab.backpressure.producer.mode.QueueMode;

/**
 * The queue and the counts at one instant, read under the ledger's lock, so that
 * {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + inFlight}
 * hold exactly, and {@code good <= sent}.
 */
public record LedgerSnapshot(
        QueueMode mode,
        int size,
        long memoryBytes,
        long produced,
        long enqueued,
        long rejected,
        long dropped,
        long sent,
        long failed,
        long inFlight,
        long failedAttempts,
        long throttled,
        long good,
        long attempts) {
}
