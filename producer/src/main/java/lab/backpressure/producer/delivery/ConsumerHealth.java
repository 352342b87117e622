package lab.backpressure.producer.delivery;

import java.time.Duration;

import io.github.resilience4j.core.IntervalFunction;

/**
 * What the producer knows about the consumer from its delivery attempts ({@code consumer} in {@code /status}),
 * and the backoff that follows from it. Shared by all delivery workers, so a dead consumer costs a few attempts
 * per backoff period in all, however many workers there are.
 */
public final class ConsumerHealth {

    private final IntervalFunction backoffs;
    private boolean reachable;
    private String lastError;
    private int failuresInARow;
    private Duration backoff = Duration.ZERO;

    public ConsumerHealth(DeliveryProperties.Backoff policy) {
        this.backoffs = policy.intervals();
    }

    /**
     * @param reachable whether the last attempt reached the consumer and got an answer other than 5xx;
     *                  false until the first attempt
     * @param lastError the most recent failure, kept after recovery as a clue; null if there was none
     * @param backoff   the pause after the last failed attempt; zero once an attempt got an answer
     */
    public record View(boolean reachable, String lastError, Duration backoff) {
    }

    public synchronized View view() {
        return new View(reachable, lastError, backoff);
    }

    synchronized void answered() {
        reachable = true;
        failuresInARow = 0;
        backoff = Duration.ZERO;
    }

    /** An answer, but not the one hoped for (refused, throttled): the consumer is there. */
    synchronized void answered(String error) {
        answered();
        lastError = error;
    }

    /** Records a failed attempt; returns how long to pause before the next one, at most {@code longest}. */
    synchronized Duration unavailable(String error, Duration longest) {
        reachable = false;
        lastError = error;
        failuresInARow++;
        Duration grown = Duration.ofMillis(backoffs.apply(failuresInARow));
        backoff = grown.compareTo(longest) > 0 ? longest : grown;
        return backoff;
    }
}
