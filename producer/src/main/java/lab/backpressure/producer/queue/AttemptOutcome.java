package lab.backpressure.producer.queue;

import java.util.Locale;

/**
 * How one delivery attempt of an item ended, the {@code outcome} tag of {@code producer_delivery_attempts_total}.
 * An attempt is one item in one request that reached the wire; a batch of n items is n attempts.
 */
public enum AttemptOutcome {
    DELIVERED, PARTLY_DELIVERED, EXPIRED, TOO_LARGE, REFUSED, THROTTLED, UNAVAILABLE, TIMED_OUT;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
