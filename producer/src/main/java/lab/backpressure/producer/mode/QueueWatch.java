package lab.backpressure.producer.mode;

import java.time.Duration;

/** Lets a mode hold the generator until the queue has drained, without holding the ledger's lock meanwhile. */
public interface QueueWatch {

    int size();

    /**
     * Waits until at most {@code size} items are queued, or for {@code timeout}.
     *
     * @return whether the queue got there in time
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    boolean awaitSizeAtMost(int size, Duration timeout) throws InterruptedException;
}
