package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.OptionalDouble;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.metrics.WaitHistogram;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Holds the generator back to {@code rate_limit} items/s, so the queue only grows if the consumer is
 * slower than the limit; nothing is lost. The permits come from a one-token Bucket4j bucket ({@link RatePermits}):
 * one per 1/rate seconds, never more than that one stored, so after a pause at most one item goes out beyond
 * the steady rate. A {@code POST /produce} burst gets only the permits available at that instant (normally
 * none or one); the rest of the burst is rejected with reason {@code rate_limited}. Every wait of the
 * generator is recorded in {@code producer_rate_limit_wait_seconds}.
 */
@Component
public final class RateLimitedMode implements PermitGatedMode {

    public static final String NAME = "rate_limited";
    public static final RejectionReason RATE_LIMITED = new RejectionReason(NAME);

    /** @param rateLimit items per second the generator may produce (admin field {@code rate_limit}) */
    @ConfigurationProperties("lab.producer.modes.rate-limited")
    public record Limit(@Positive @DecimalMax("1000") @DefaultValue("10") double rateLimit) implements AdminSettings {
    }

    private final Settings settings;
    private final Timer waits;
    private final RatePermits permits = new RatePermits();

    public RateLimitedMode(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.waits = WaitHistogram.register("producer.rate.limit.wait",
                "Time the generator was held back for each rate-limited permit (0 when one was free)", registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean tryPermit() {
        return permits.tryAcquire(rate());
    }

    @Override
    public Duration awaitPermit() throws InterruptedException {
        Duration waited = permits.await(this::rate);
        waits.record(waited);
        return waited;
    }

    @Override
    public RejectionReason noPermit() {
        return RATE_LIMITED;
    }

    @Override
    public OptionalDouble rateLimit() {
        return OptionalDouble.of(rate());
    }

    private double rate() {
        return settings.get(Limit.class).rateLimit();
    }
}
