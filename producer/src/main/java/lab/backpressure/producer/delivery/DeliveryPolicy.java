package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import lab.backpressure.producer.queue.TakenBatch;

/**
 * A delivery strategy around the HTTP call, as a queue mode is one around the queue: it may hold a worker
 * before it takes items from the queue and before each retry, and it wraps every attempt, so it can refuse
 * to send, measure, or learn from the answer. Each policy is one Spring bean, reading its parameters live
 * from an {@code AdminSettings} record of its own; it may be a {@code MeterBinder} for meters of its own.
 * Every bean of this type is in the chain, in {@code @Order}: a new policy is a new class (and its test).
 */
public interface DeliveryPolicy {

    /** {@link #longestBackoff()} when a policy does not cap it. */
    Duration NO_CAP = ChronoUnit.FOREVER.getDuration();

    /** One step further down the chain, the HTTP call at its end. */
    @FunctionalInterface
    interface Next {
        DeliveryResult send(TakenBatch taken) throws InterruptedException;
    }

    /**
     * Called before a worker takes items from the queue and before each retry of an item it holds: a policy
     * that must stop deliveries for a while (a circuit breaker while open) waits here, so the items stay in
     * the queue and the queue mode decides what happens to new ones.
     *
     * @throws InterruptedException when the producer stops
     */
    default void awaitPermission() throws InterruptedException {
    }

    /**
     * The longest the shared backoff may grow to before a retry: a policy that must see failed calls often enough
     * to judge them (a circuit breaker) caps it. By default no cap.
     */
    default Duration longestBackoff() {
        return NO_CAP;
    }

    /**
     * Asked before every attempt, first or not, once the worker may send (after {@link #awaitPermission()}):
     * whether it goes out now, later, or never. The first policy in order that does not answer
     * {@link Verdict#SEND} decides. By default, send.
     */
    default Verdict admit(Attempt attempt) {
        return Verdict.SEND;
    }

    /** The pause before a retry, given the shared backoff's (after every policy's cap): by default unchanged. */
    default Duration backoff(Duration capped) {
        return capped;
    }

    /**
     * One attempt, with one item or a batch: by default passes it on. A policy may measure it, change its outcome or
     * answer without sending.
     */
    default DeliveryResult send(TakenBatch taken, Next next) throws InterruptedException {
        return next.send(taken);
    }

    /** This policy's own fields in {@code /status.delivery}, snake_case. */
    default Map<String, Object> status() {
        return Map.of();
    }
}
