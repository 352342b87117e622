package lab.backpressure.producer.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.item.WorkItem;
import org.springframework.stereotype.Component;

/**
 * Holds the generator back to {@code rate_limit} items/s, so the queue only grows if the consumer is
 * slower than the limit; nothing is lost. The Resilience4j limiter hands out one permit per 1/rate
 * seconds and never stores more than that one, so after a pause at most one item goes out beyond the
 * steady rate. A {@code POST /produce} burst gets only the permits available at that instant (normally
 * none or one); the rest of the burst is rejected with reason {@code rate_limited}.
 */
public final class RateLimitedMode implements QueueMode {

    public static final String NAME = "rate_limited";

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int PERMITS_PER_PERIOD = 1;

    private final double itemsPerSecond;
    private final AtomicRateLimiter limiter;

    public RateLimitedMode(double itemsPerSecond) {
        this.itemsPerSecond = itemsPerSecond;
        // a zero timeout makes acquirePermission() a non-blocking try: bursts must never wait, and the
        // generator waits in awaitProductionPermit(), where a config change can interrupt it
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(PERMITS_PER_PERIOD)
                .limitRefreshPeriod(Duration.ofNanos(Math.round(NANOS_PER_SECOND / itemsPerSecond)))
                .timeoutDuration(Duration.ZERO)
                .build();
        this.limiter = new AtomicRateLimiter(NAME, config);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(WorkItem item, ItemQueue queue) {
        queue.addLast(item);
        return Admission.accepted();
    }

    @Override
    public Optional<Duration> awaitProductionPermit() throws InterruptedException {
        if (limiter.acquirePermission()) {
            return Optional.of(Duration.ZERO);
        }
        long start = System.nanoTime();
        do {
            TimeUnit.NANOSECONDS.sleep(limiter.getDetailedMetrics().getNanosToWait());
        } while (!limiter.acquirePermission());
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public boolean tryBurstPermit() {
        return limiter.acquirePermission();
    }

    @Override
    public OptionalDouble rateLimit() {
        return OptionalDouble.of(itemsPerSecond);
    }

    @Component
    static final class Factory implements QueueModeFactory {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public QueueMode create(ProducerConfig config) {
            return new RateLimitedMode(config.rateLimit());
        }
    }
}
