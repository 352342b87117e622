package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

/**
 * Production permits from a Bucket4j token bucket whose shape may change while it runs: it holds at most
 * {@link Shape#capacity()} tokens and gains {@link Shape#perSecond()} a second, continuously (greedy refill), so
 * after a pause it has a burst of up to its capacity ready, and after that it hands out its refill rate. A new
 * shape keeps the tokens the bucket holds (never more than the new capacity), so a change of shape neither
 * fills an empty bucket nor empties a full one.
 */
final class TokenPermits {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long ONE_TOKEN = 1;

    /**
     * @param capacity  the most tokens the bucket holds: the largest burst
     * @param perSecond the tokens it gains a second
     */
    record Shape(long capacity, double perSecond) {

        Bandwidth bandwidth() {
            // Bucket4j refills whole tokens per period, so a fractional rate is one token per 1/rate seconds
            Duration period = Duration.ofNanos(Math.round(NANOS_PER_SECOND / perSecond));
            return Bandwidth.builder().capacity(capacity).refillGreedy(ONE_TOKEN, period).build();
        }
    }

    private final TimeMeter time;
    /** Null until the first token is asked for, or after {@link #refill()}; guarded by this. */
    private Bucket bucket;
    /** The shape {@link #bucket} has; guarded by this. */
    private Shape shape;

    /** @param time Bucket4j's clock: {@link TimeMeter#SYSTEM_NANOTIME}, or a fake one in a test */
    TokenPermits(TimeMeter time) {
        this.time = time;
    }

    /** A token now, if the bucket shaped as {@code shape} holds one; never waits. */
    synchronized boolean tryAcquire(Shape shape) {
        return bucket(shape).tryConsume(ONE_TOKEN);
    }

    /** The whole tokens the bucket shaped as {@code shape} holds now. */
    synchronized long available(Shape shape) {
        return bucket(shape).getAvailableTokens();
    }

    /** Fills the bucket to its capacity: the next token asked for finds a full bucket. */
    synchronized void refill() {
        bucket = null;
    }

    /**
     * Waits for a token from the bucket shaped as {@code shape} gives, read again after every wait so a shape
     * that changes meanwhile is followed. Sleeps on the real clock, so only for {@link TimeMeter#SYSTEM_NANOTIME}.
     *
     * @return how long it waited: zero when a token was there
     * @throws InterruptedException when the generator is woken (settings change, shutdown)
     */
    Duration await(Supplier<Shape> shape) throws InterruptedException {
        if (tryAcquire(shape.get())) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        do {
            TimeUnit.NANOSECONDS.sleep(nanosToWait(shape.get()));
        } while (!tryAcquire(shape.get()));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private synchronized long nanosToWait(Shape shape) {
        return bucket(shape).estimateAbilityToConsume(ONE_TOKEN).getNanosToWaitForRefill();
    }

    private Bucket bucket(Shape wanted) {
        if (bucket == null) {
            bucket = Bucket.builder().addLimit(wanted.bandwidth()).withCustomTimePrecision(time).build();
        } else if (!wanted.equals(shape)) {
            bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(wanted.bandwidth()).build(),
                    TokensInheritanceStrategy.AS_IS);
        }
        shape = wanted;
        return bucket;
    }
}
