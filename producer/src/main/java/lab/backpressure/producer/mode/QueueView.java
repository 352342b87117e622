package lab.backpressure.producer.mode;

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

    /** Epoch millis since which the queue has stood, not drained; empty when it has drained ({@link ItemQueue#standingSince()}). */
    OptionalLong standingSince();

    /** Throws the oldest queued item away, counted as dropped for {@code reason}; the queue must not be empty. */
    void evictOldest(DropReason reason);

    /** Throws away, from the head, every item that has waited longer than {@code maxWaitMs} at {@code now}. */
    default void evictWaitingLongerThan(long maxWaitMs, long now, DropReason reason) {
        for (OptionalLong head = oldestEnqueuedAt(); head.isPresent() && now - head.getAsLong() > maxWaitMs;
             head = oldestEnqueuedAt()) {
            evictOldest(reason);
        }
    }
}
