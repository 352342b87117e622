package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.delivery.Attempt;
import lab.backpressure.producer.delivery.AttemptTimeout;
import lab.backpressure.producer.delivery.DeliveryPolicy;
import lab.backpressure.producer.delivery.Verdict;
import lab.backpressure.support.problem.InvalidFieldException;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Retries made explicit: how long one attempt may take ({@code attempt_timeout_ms}, also sent as the attempt's
 * {@code Attempt-Deadline}), how many attempts an item gets ({@code max_attempts}; past them it is dropped as
 * {@code attempts_exhausted}), and how the pause before a retry is spread ({@code backoff_jitter}). The backoff
 * itself, and any policy's cap on it, stay where they are; this only spreads what they decided.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // outermost: an item out of attempts is given up before any other policy counts it
public final class RetryPolicy implements DeliveryPolicy, AttemptTimeout {

    /**
     * @param attemptTimeoutMs how long the producer waits for an answer to one attempt; past it the attempt timed out
     *                         and the item is retried. 30 s by default: a 100 ms item slowed down 100x still fits
     * @param maxAttempts      attempts an item gets, -1 for unlimited (the default: the lab loses nothing). An
     *                         attempt answered with a throttle ({@code Retry-After}) does not use one up
     * @param backoffJitter    {@code none}, {@code full} or {@code equal}, see {@link BackoffJitter}
     */
    @ConfigurationProperties("lab.producer.delivery")
    public record Retries(
            @Positive @Max(MAX_TIMEOUT_MS) @DefaultValue("30000") long attemptTimeoutMs,
            @Max(MAX_ATTEMPTS) @DefaultValue("-1") int maxAttempts,
            @NotNull @Pattern(regexp = "none|full|equal", message = "must be none, full or equal") @DefaultValue("none")
            String backoffJitter) implements AdminSettings {

        public static final int UNLIMITED = -1;
        static final long MAX_TIMEOUT_MS = 3_600_000;
        static final int MAX_ATTEMPTS = 1000;

        @Override
        public void check() {
            if (maxAttempts != UNLIMITED && maxAttempts < 1) {
                throw new InvalidFieldException("max_attempts",
                        "max_attempts must be %d (unlimited) or at least 1, got %d".formatted(UNLIMITED, maxAttempts));
            }
        }

        public Duration attemptTimeout() {
            return Duration.ofMillis(attemptTimeoutMs);
        }

        boolean exhaustedBy(int attempt) {
            return maxAttempts != UNLIMITED && attempt > maxAttempts;
        }
    }

    private final Settings settings;

    public RetryPolicy(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Duration attemptTimeout() {
        return settings.get(Retries.class).attemptTimeout();
    }

    @Override
    public Verdict admit(Attempt attempt) {
        return settings.get(Retries.class).exhaustedBy(attempt.number())
                ? new Verdict.GiveUp(ItemLedger.ATTEMPTS_EXHAUSTED)
                : Verdict.SEND;
    }

    @Override
    public Duration backoff(Duration capped) {
        return BackoffJitter.named(settings.get(Retries.class).backoffJitter()).spread(capped);
    }

    @Override
    public Map<String, Object> status() {
        Retries retries = settings.get(Retries.class);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("attempt_timeout_ms", retries.attemptTimeoutMs());
        fields.put("max_attempts", retries.maxAttempts());
        fields.put("backoff_jitter", retries.backoffJitter());
        return fields;
    }
}
