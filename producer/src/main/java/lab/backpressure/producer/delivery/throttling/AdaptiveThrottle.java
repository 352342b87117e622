package lab.backpressure.producer.delivery.throttling;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Client-side adaptive throttling as the SRE book's "Handling Overload" describes it: over a sliding window, the
 * client counts its requests (those it drops itself included) and the backend's accepts, and drops a new request
 * itself with probability {@code max(0, (requests − K × accepts) / (requests + 1))}. While the backend accepts
 * everything, that is 0 for any K ≥ 1; when it accepts little, about 1 − K × accepts / requests: the client sends
 * about K times what gets accepted. Not thread-safe: its policy guards it.
 */
final class AdaptiveThrottle {

    private final LongSupplier nanoTime;
    private final double k;
    private final long windowNanos;
    private final Deque<Long> requests = new ArrayDeque<>();
    private final Deque<Long> accepts = new ArrayDeque<>();

    AdaptiveThrottle(double k, Duration window, LongSupplier nanoTime) {
        this.k = k;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A request is about to go out, or to be dropped here: it counts either way. */
    void requested() {
        requests.addLast(nanoTime.getAsLong());
    }

    /** The backend accepted a request: it answered other than with a refusal, an error or silence. */
    void accepted() {
        accepts.addLast(nanoTime.getAsLong());
    }

    /** The probability to drop the next request, from the window's counts. */
    double dropProbability() {
        long now = nanoTime.getAsLong();
        expire(requests, now);
        expire(accepts, now);
        return Math.max(0, (requests.size() - k * accepts.size()) / (requests.size() + 1));
    }

    int requests() {
        return requests.size();
    }

    int accepts() {
        return accepts.size();
    }

    private void expire(Deque<Long> events, long now) {
        while (!events.isEmpty() && now - events.peekFirst() >= windowNanos) {
            events.removeFirst();
        }
    }
}
