package lab.backpressure.producer.delivery;

import java.time.Duration;

/**
 * What the producer knows about the consumer from its delivery attempts ({@code consumer} in {@code /status}),
 * and the backoff that follows from it. Shared by all delivery threads.
 */
public final class ConsumerHealth {

    private final DeliveryProperties.Backoff policy;
    private boolean reachable;
    private String lastError;
    private Duration backoff = Duration.ZERO;

    public ConsumerHealth(DeliveryProperties.Backoff policy) {
        this.policy = policy;
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
        backoff = Duration.ZERO;
    }

    synchronized void refused(String error) {
        answered();
        lastError = error;
    }

    /** Records a failed attempt; returns how long to pause before the next one. */
    synchronized Duration unavailable(String error) {
        reachable = false;
        lastError = error;
        backoff = policy.after(backoff);
        return backoff;
    }
}
