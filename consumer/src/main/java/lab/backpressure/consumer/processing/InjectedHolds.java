package lab.backpressure.consumer.processing;

import java.util.concurrent.TimeUnit;

/**
 * The requests {@code failure_mode timeout} holds. A change to the failure injection ends every hold in progress:
 * a consumer that recovers (say {@code failure_rate} back to 0) answers the requests it was sitting on at once,
 * with the 500 they get at the end of a hold, instead of keeping its clients' connections for up to
 * {@code failure_timeout_ms} more. So a client's circuit breaker hears of the recovery within its open wait,
 * not only once its request timeout has passed.
 */
final class InjectedHolds {

    /** Moves whenever the failure injection changes; a hold started in an earlier generation is over. */
    private long generation;

    /** Holds the calling request for {@code ms}, or until the failure injection changes. */
    synchronized void hold(long ms) throws InterruptedException {
        long started = generation;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left = until - System.nanoTime();
        while (left > 0 && generation == started) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = until - System.nanoTime();
        }
    }

    synchronized void endAll() {
        generation++;
        notifyAll();
    }
}
