package lab.backpressure.producer.queue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * Production permits at a rate that may change, for the modes that hold the generator to a rate: a Resilience4j
 * limiter hands out one permit per 1/rate seconds and never stores more than that one, so after a pause at most
 * one item goes out beyond the steady rate. A new rate gets a fresh limiter at once; its stored permit is spent
 * if the last permit went out less than one new period ago, so a change of rate never lets the next item out
 * sooner than one period after the last (a mode that changes its rate every half second would otherwise add an
 * item each time).
 */
final class RatePermits {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int PERMITS_PER_PERIOD = 1;

    private final String name;
    /** Null until the first permit is asked for; guarded by this. */
    private Limiter limiter;
    /** {@link System#nanoTime()} of the last permit handed out, if any; guarded by this. */
    private Long lastPermitAt;

    /** @param name the limiter's name, for Resilience4j's own logs */
    RatePermits(String name) {
        this.name = name;
    }

    /** The limiter for one rate. */
    private record Limiter(double itemsPerSecond, long periodNanos, AtomicRateLimiter permits) {

        static Limiter of(String name, double itemsPerSecond) {
            long periodNanos = Math.round(NANOS_PER_SECOND / itemsPerSecond);
            // a zero timeout makes acquirePermission() a non-blocking try: bursts must never wait, and the
            // generator waits in await(), where a settings change can interrupt it
            RateLimiterConfig config = RateLimiterConfig.custom()
                    .limitForPeriod(PERMITS_PER_PERIOD)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                    .timeoutDuration(Duration.ZERO)
                    .build();
            return new Limiter(itemsPerSecond, periodNanos, new AtomicRateLimiter(name, config));
        }
    }

    /** A permit now, if one is free at {@code itemsPerSecond}; never waits. */
    synchronized boolean tryAcquire(double itemsPerSecond) {
        boolean acquired = limiter(itemsPerSecond).permits().acquirePermission();
        if (acquired) {
            lastPermitAt = System.nanoTime();
        }
        return acquired;
    }

    /**
     * Waits for a permit at the rate {@code itemsPerSecond} gives, read again after every wait so a rate that
     * changes meanwhile is followed.
     *
     * @return how long it waited: zero when a permit was free
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    Duration await(DoubleSupplier itemsPerSecond) throws InterruptedException {
        if (tryAcquire(itemsPerSecond.getAsDouble())) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        do {
            TimeUnit.NANOSECONDS.sleep(nanosToWait(itemsPerSecond.getAsDouble()));
        } while (!tryAcquire(itemsPerSecond.getAsDouble()));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private synchronized long nanosToWait(double itemsPerSecond) {
        return limiter(itemsPerSecond).permits().getDetailedMetrics().getNanosToWait();
    }

    private Limiter limiter(double itemsPerSecond) {
        if (limiter == null || limiter.itemsPerSecond() != itemsPerSecond) {
            limiter = Limiter.of(name, itemsPerSecond);
            if (lastPermitAt != null && System.nanoTime() - lastPermitAt < limiter.periodNanos()) {
                limiter.permits().acquirePermission();
            }
        }
        return limiter;
    }
}
