package lab.backpressure.producer.generator;

import java.util.concurrent.TimeUnit;

/**
 * When the generator's next item is due, in {@link System#nanoTime()} terms. Each item is due one gap of the
 * arrival process after the previous one's due time, not after the moment it was really produced, so sleep
 * overshoot does not add up into drift: a late item is followed at once by the next one if that one is due.
 * The schedule starts again from the last item when the rate changes and whenever the generator fell behind
 * by more than scheduler jitter, because it was held back (rate limiting, a full queue, a long GC pause): the
 * missed items are forgiven, not produced in a catch-up burst.
 */
final class ProductionSchedule {

    /** Lateness the schedule still catches up; beyond it the producer was held back, not jittered. */
    static final long JITTER_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long NEVER = Long.MIN_VALUE;

    private final double rate;
    private final ArrivalProcess arrivals;
    private long nextDue;
    private long lastProducedAt = NEVER;

    /** A schedule whose first item is due at {@code now}. */
    ProductionSchedule(double rate, ArrivalProcess arrivals, long now) {
        this.rate = rate;
        this.arrivals = arrivals;
        this.nextDue = now;
    }

    double rate() {
        return rate;
    }

    long nextDeadline() {
        return nextDue;
    }

    /**
     * Records an item produced at {@code now}.
     *
     * @param heldBack whether the queue mode made the generator wait for this item
     */
    void produced(long now, boolean heldBack) {
        lastProducedAt = now;
        long gap = arrivals.nextGapNanos(rate);
        nextDue = heldBack || now - nextDue > JITTER_ALLOWANCE_NANOS ? now + gap : nextDue + gap;
    }

    /** The same production at a new rate: the next item is due one new gap after the last one. */
    ProductionSchedule withRate(double newRate, long now) {
        ProductionSchedule changed = new ProductionSchedule(newRate, arrivals, now);
        if (lastProducedAt != NEVER) {
            changed.lastProducedAt = lastProducedAt;
            changed.nextDue = lastProducedAt + arrivals.nextGapNanos(newRate);
        }
        return changed;
    }
}
