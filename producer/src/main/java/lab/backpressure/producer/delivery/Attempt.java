package lab.backpressure.producer.delivery;

import lab.backpressure.producer.queue.TakenBatch;

/**
 * An attempt about to be made with items a worker holds.
 *
 * @param batch  the items
 * @param number 1 for the first attempt; one more after each attempt that failed (a throttle with
 *               {@code Retry-After} is flow control and does not use one up)
 * @param resend whether the last answer was such a throttle: the consumer asked for this resend, so it is not a retry
 * @param requeued whether a policy sent these items back to the queue instead of making this attempt before
 *                 ({@link Verdict.Requeue}), and it is asked for again
 */
public record Attempt(TakenBatch batch, int number, boolean resend, boolean requeued) {

    /** A retry: an attempt after a failed one, not one the consumer asked for. */
    public boolean retry() {
        return number > 1 && !resend;
    }
}
