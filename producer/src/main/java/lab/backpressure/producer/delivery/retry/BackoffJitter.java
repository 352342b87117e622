package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.Locale;

import io.github.resilience4j.core.IntervalFunction;

/**
 * Spreads the pause before a retry ({@code backoff_jitter}), so that workers that failed together do not retry
 * together: with {@code b} the capped exponential backoff, {@code none} waits {@code b}, {@code full} a uniform draw
 * from [0, b], {@code equal} one from [b/2, b] (AWS's names). Drawn by Resilience4j's randomized interval function,
 * which spreads a centre {@code c} by a factor {@code f} over [c(1-f), c(1+f)]: full is c = b/2, f = 1; equal is
 * c = 3b/4, f = 1/3.
 */
enum BackoffJitter {
    NONE(1, 0), FULL(0.5, 1), EQUAL(0.75, 1.0 / 3);

    /** Below this many milliseconds there is nothing worth spreading. */
    private static final long SMALLEST_SPREAD_MS = 2;

    private final double centre;
    private final double factor;

    BackoffJitter(double centre, double factor) {
        this.centre = centre;
        this.factor = factor;
    }

    static BackoffJitter named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    Duration spread(Duration backoff) {
        long ms = backoff.toMillis();
        if (this == NONE || ms < SMALLEST_SPREAD_MS) {
            return backoff;
        }
        long drawn = IntervalFunction.ofRandomized((long) (ms * centre), factor).apply(1);
        // the draw may land a millisecond past the top by Resilience4j's rounding
        return Duration.ofMillis(Math.min(ms, drawn));
    }
}
