package lab.backpressure.producer.delivery;

import java.time.Duration;

import lab.backpressure.producer.queue.TakenBatch;

/**
 * What a delivery worker asks batching before and after each take, so it knows no concrete policy: the batching
 * policy in {@code delivery.batch} implements it.
 */
public interface BatchPort {

    /** The most items a worker may take now. */
    int target();

    /** How long a worker that finds fewer than {@link #target()} items queued waits for more. */
    Duration linger();

    /** A worker took {@code batch} from the queue. */
    void taken(TakenBatch batch);
}
