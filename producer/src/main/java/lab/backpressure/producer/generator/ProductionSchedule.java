package lab.backpressure.producer.generator;

import java.util.concurrent.TimeUnit;

/**
 * When the generator's next item is due, in {@link System#nanoTime()} terms. Deadlines are counted from an
 * anchor (item n is due at anchor + n/rate), so sleep overshoot does not add up into drift: a late item is
 * followed at once by the next one if that one is due. The schedule is re-anchored when the rate changes and
 * whenever the generator fell behind by more than scheduler jitter, because it was held back (rate limiting,
 * a long GC pause): the missed items are forgiven, not produced in a catch-up burst.
 */
final class ProductionSchedule {

    /** Lateness the schedule still catches up; beyond it the producer was held back, not jittered. */
    static final long JITTER_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long NEVER = Long.MIN_VALUE;

    private final double rate;
    private long anchor;
    private long producedSinceAnchor;
    private long lastProducedAt = NEVER;

    /** A schedule whose first item is due at {@code now}. */
    ProductionSchedule(double rate, long now) {
        this.rate = rate;
        this.anchor = now;
    }

    double rate() {
        return rate;
    }

    long nextDeadline() {
        return anchor + (long) (producedSinceAnchor * NANOS_PER_SECOND / rate);
    }

    /**
     * Records an item produced at {@code now}.
     *
     * @param heldBack whether the queue mode made the generator wait for this item
     */
    void produced(long now, boolean heldBack) {
        lastProducedAt = now;
        producedSinceAnchor++;
        if (heldBack || now - nextDeadline() > JITTER_ALLOWANCE_NANOS) {
            reanchorAtLastItem();
        }
    }

    /** The same production at a new rate: the next item is due one new period after the last one. */
    ProductionSchedule withRate(double newRate, long now) {
        ProductionSchedule changed = new ProductionSchedule(newRate, now);
        if (lastProducedAt != NEVER) {
            changed.lastProducedAt = lastProducedAt;
            changed.reanchorAtLastItem();
        }
        return changed;
    }

    private void reanchorAtLastItem() {
        anchor = lastProducedAt;
        producedSinceAnchor = 1;
    }
}
