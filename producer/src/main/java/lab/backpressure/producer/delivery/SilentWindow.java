package lab.backpressure.producer.delivery;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The lab's own opening rule beside Resilience4j's rates: calls failed and the consumer answered none of them for a
 * whole window. It is measured from the later of the last answer and the start of the earliest failed call since,
 * so that one failure after a quiet spell without calls is no silent window.
 */
final class SilentWindow {

    /** {@link #failingSince} while the consumer has answered the last call. */
    private static final long ANSWERING = Long.MAX_VALUE;

    private final LongSupplier nanoTime;
    /** When the consumer last answered a call, or the window started (nanos). */
    private long answeredAt;
    /**
     * Since when calls have failed without an answer (nanos): the start of the earliest failed call since the last
     * answer, or that answer if the call started before it; {@link #ANSWERING} if none failed since.
     */
    private long failingSince = ANSWERING;

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    SilentWindow(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.answeredAt = nanoTime.getAsLong();
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Books an answer, or a call that failed, started at {@code start} (nanos); answers whether calls have now failed
     * without an answer for {@code window}.
     */
    synchronized boolean silentFor(Duration window, boolean failed, long start) {
        long now = now();
        if (!failed) {
            answeredAt = now;
            failingSince = ANSWERING;
            return false;
        }
        failingSince = Math.min(failingSince, Math.max(start, answeredAt));
        return now - failingSince >= window.toNanos();
    }

    /** How long calls have failed without an answer, 0 while the consumer answers. */
    synchronized long unansweredMs() {
        return failingSince == ANSWERING ? 0 : TimeUnit.NANOSECONDS.toMillis(now() - failingSince);
    }

    /** Starts afresh, as if the consumer had answered now: a new breaker judges only its own calls. */
    synchronized void restart() {
        answeredAt = now();
        failingSince = ANSWERING;
    }
}
