package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.github.bucket4j.TimeMeter;

/**
 * Production permits at a rate that may change, for the modes that hold the generator to a rate: a token bucket
 * ({@link TokenPermits}) of one token, so it hands out one permit per 1/rate seconds and never stores more than
 * that one; after a pause at most one item goes out beyond the steady rate. A new rate keeps the bucket's token
 * (or the part of one it has gained), so a change of rate never lets the next item out sooner than one new
 * period after the last (a mode that changes its rate every half second would otherwise add an item each time).
 */
final class RatePermits {

    /** One stored permit: what {@code rate_limited} has always promised, and what sets it apart from a bucket. */
    private static final long ONE_PERMIT = 1;

    private final TokenPermits permits = new TokenPermits(TimeMeter.SYSTEM_NANOTIME);

    /** A permit now, if one is free at {@code itemsPerSecond}; never waits. */
    boolean tryAcquire(double itemsPerSecond) {
        return permits.tryAcquire(shape(itemsPerSecond));
    }

    /**
     * Waits for a permit at the rate {@code itemsPerSecond} gives, read again after every wait so a rate that
     * changes meanwhile is followed.
     *
     * @return how long it waited: zero when a permit was free
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    Duration await(DoubleSupplier itemsPerSecond) throws InterruptedException {
        return permits.await(() -> shape(itemsPerSecond.getAsDouble()));
    }

    private static TokenPermits.Shape shape(double itemsPerSecond) {
        return new TokenPermits.Shape(ONE_PERMIT, itemsPerSecond);
    }
}
