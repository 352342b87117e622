package lab.backpressure.producer.queue;

import java.util.OptionalLong;

/**
 * The queue as a mode sees it while the ledger's lock is held: its size, the age of its head, what is beyond it
 * (the items delivery holds and the consumer's answers so far), and the one change a mode may make outside
 * admission, evicting the oldest item, which the ledger counts as dropped.
 */
public interface QueueView {

    int size();

    /** Items taken from the queue and not yet settled: at the consumer, or in a worker's hands for a retry. */
    long inFlight();

    /** Items the consumer has taken in so far ({@code sent}): its answers, however many delivery had in flight. */
    long delivered();

    /** Epoch millis the oldest queued item was admitted; empty when the queue is. */
    OptionalLong oldestEnqueuedAt();

    /** Throws the oldest queued item away, counted as dropped for {@code reason}; the queue must not be empty. */
    void evictOldest(DropReason reason);
}
