package lab.backpressure.producer.delivery.batch;

import java.time.Duration;

import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.delivery.DeliveryResult;

/**
 * How many items the next take for delivery may hold, between 1 and {@code batch_size}, and how that number moves
 * with what delivery sees. Each sizing is one Spring bean, chosen by {@code batching}; it is told of every take and
 * every answer, from any delivery worker's thread.
 */
interface BatchSizing {

    /** The name in {@code batching}. */
    String name();

    /** The most items the next take may hold: at least 1, at most {@code batch_size}. */
    int target();

    /** Starts afresh: it was chosen, or a batching setting changed. */
    default void restart() {
    }

    /** A worker took {@code batch}; {@link TakenBatch#queueSize()} is what the queue still held. */
    default void taken(TakenBatch batch) {
    }

    /** An attempt with {@code batch} reached the consumer and ended with {@code result} after {@code roundTrip}. */
    default void answered(TakenBatch batch, DeliveryResult result, Duration roundTrip) {
    }
}
