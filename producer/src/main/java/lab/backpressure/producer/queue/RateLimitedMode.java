package lab.backpressure.producer.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.config.AdminSettings;
import lab.backpressure.producer.config.Settings;
import lab.backpressure.producer.metrics.ProducerTimers;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Holds the generator back to {@code rate_limit} items/s, so the queue only grows if the consumer is
 * slower than the limit; nothing is lost. The Resilience4j limiter hands out one permit per 1/rate
 * seconds and never stores more than that one, so after a pause at most one item goes out beyond the
 * steady rate. A {@code POST /produce} burst gets only the permits available at that instant (normally
 * none or one); the rest of the burst is rejected with reason {@code rate_limited}. Every wait of the
 * generator is recorded in {@code producer_rate_limit_wait_seconds}.
 */
@Component
public final class RateLimitedMode implements QueueMode {

    public static final String NAME = "rate_limited";
    public static final RejectionReason RATE_LIMITED = new RejectionReason(NAME);

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int PERMITS_PER_PERIOD = 1;

    /** @param rateLimit items per second the generator may produce (admin field {@code rate_limit}) */
    @ConfigurationProperties("lab.producer.modes.rate-limited")
    public record Limit(@Positive @DecimalMax("1000") @DefaultValue("10") double rateLimit) implements AdminSettings {
    }

    /** The limiter for one rate: a new {@code rate_limit} gets a fresh one. */
    private record Limiter(double itemsPerSecond, AtomicRateLimiter permits) {

        static Limiter of(double itemsPerSecond) {
            // a zero timeout makes acquirePermission() a non-blocking try: bursts must never wait, and the
            // generator waits in awaitProductionPermit(), where a settings change can interrupt it
            RateLimiterConfig config = RateLimiterConfig.custom()
                    .limitForPeriod(PERMITS_PER_PERIOD)
                    .limitRefreshPeriod(Duration.ofNanos(Math.round(NANOS_PER_SECOND / itemsPerSecond)))
                    .timeoutDuration(Duration.ZERO)
                    .build();
            return new Limiter(itemsPerSecond, new AtomicRateLimiter(NAME, config));
        }
    }

    private final Settings settings;
    private final Timer waits;
    private volatile Limiter limiter;

    public RateLimitedMode(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.waits = ProducerTimers.histogram("producer.rate.limit.wait",
                "Time the generator was held back for each rate-limited permit (0 when one was free)", registry);
        this.limiter = Limiter.of(rate());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        return item.append();
    }

    @Override
    public Admission admitBurstItem(Admitting item) {
        return limiter().permits().acquirePermission() ? item.append() : item.reject(RATE_LIMITED);
    }

    @Override
    public Optional<Duration> awaitProductionPermit(QueueWatch queue) throws InterruptedException {
        AtomicRateLimiter permits = limiter().permits();
        Duration waited = Duration.ZERO;
        if (!permits.acquirePermission()) {
            long start = System.nanoTime();
            do {
                TimeUnit.NANOSECONDS.sleep(permits.getDetailedMetrics().getNanosToWait());
            } while (!permits.acquirePermission());
            waited = Duration.ofNanos(System.nanoTime() - start);
        }
        waits.record(waited);
        return Optional.of(waited);
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(RATE_LIMITED);
    }

    @Override
    public OptionalDouble rateLimit() {
        return OptionalDouble.of(rate());
    }

    private double rate() {
        return settings.get(Limit.class).rateLimit();
    }

    private Limiter limiter() {
        Limiter current = limiter;
        if (current.itemsPerSecond() != rate()) {
            current = Limiter.of(rate());
            limiter = current;
        }
        return current;
    }
}
