package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.Map;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * A token bucket in front of the queue (Bucket4j, {@link TokenPermits}): it holds up to {@code bucket_capacity}
 * tokens and gains {@code refill_per_second} a second; every new item takes one. The generator waits for a token,
 * as in {@code rate_limited}, so in the long run production is held to the refill rate and nothing is lost. Unlike
 * {@code rate_limited}, which stores one permit, a bucket left to fill lets a {@code POST /produce} burst of up to
 * its capacity in at once; the rest of a burst is rejected with reason {@code no_tokens}. Generator and bursts
 * share the bucket: a generator faster than the refill keeps it empty. The bucket starts full when the mode is
 * switched to. Tokens held: {@code tokens_available} in {@code /status.queue} and {@code producer_token_bucket_tokens}
 * (-1 while another mode decides).
 */
@Component
final class TokenBucketMode implements PermitGatedMode, MeterBinder {

    public static final String NAME = "token_bucket";
    public static final RejectionReason NO_TOKENS = new RejectionReason("no_tokens");

    private static final int INACTIVE = -1;

    /**
     * @param bucketCapacity  the most tokens the bucket holds: the largest burst it lets in at once
     * @param refillPerSecond tokens it gains a second; at least one per 100 s, so an empty bucket refills in the end
     */
    @ConfigurationProperties("lab.producer.modes.token-bucket")
    public record Bucket(@Positive @Max(1_000_000) @DefaultValue("50") int bucketCapacity,
                         @DecimalMin("0.01") @DecimalMax("1000") @DefaultValue("10") double refillPerSecond)
            implements AdminSettings {

        TokenPermits.Shape shape() {
            return new TokenPermits.Shape(bucketCapacity, refillPerSecond);
        }
    }

    private final Settings settings;
    private final TokenPermits tokens = new TokenPermits(TimeMeter.SYSTEM_NANOTIME);
    private volatile boolean active;

    public TokenBucketMode(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean tryPermit() {
        return tokens.tryAcquire(shape());
    }

    @Override
    public Duration awaitPermit() throws InterruptedException {
        return tokens.await(this::shape);
    }

    @Override
    public RejectionReason noPermit() {
        return NO_TOKENS;
    }

    @Override
    public void activate() {
        tokens.refill();
        active = true;
    }

    @Override
    public void deactivate() {
        active = false;
    }

    @Override
    public Map<String, Object> status() {
        Bucket bucket = settings.get(Bucket.class);
        return Map.of("bucket_capacity", bucket.bucketCapacity(), "refill_per_second", bucket.refillPerSecond(),
                "tokens_available", tokens.available(bucket.shape()));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("producer.token.bucket.tokens", this,
                        mode -> mode.active ? mode.tokens.available(mode.shape()) : INACTIVE)
                .description("Tokens the token_bucket mode holds: the burst it would let in now; -1 while another mode decides")
                .register(registry);
    }

    private TokenPermits.Shape shape() {
        return settings.get(Bucket.class).shape();
    }
}
