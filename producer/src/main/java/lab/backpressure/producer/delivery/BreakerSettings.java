package lab.backpressure.producer.delivery;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker's settings (admin fields), lab-sized: the consumer does about ten items a second.
 *
 * @param circuitBreaker       {@code on} or {@code off}; off by default, so the handout's exercises run as written
 * @param breakerWindowS       the time-based sliding window the rates are computed over, in seconds
 * @param breakerMinimumCalls  calls the window must hold before a rate can open the breaker
 * @param breakerFailureRate   % of failed calls (connection error, timeout, 5xx) that opens it
 * @param breakerSlowCallMs    a call slower than this is slow. Two in flight (the default delivery limit) against
 *                             a consumer that takes one at a time already make every round trip about twice the
 *                             processing time, and the handout's slow-down (x5) makes it 1 s, so the default
 *                             sits above both: slow means beyond anything the exercises do on purpose
 * @param breakerSlowCallRate  % of slow calls that opens it; 100, so slowness alone opens it only when every call
 *                             is slow. A slow consumer that still answers is the delivery limit's and the queue
 *                             modes' business; stopping all sends to it would only lower what it gets done
 * @param breakerOpenMs        how long it stays open before letting probe calls through
 * @param breakerHalfOpenCalls probe calls whose results decide between closed and open again
 */
@ConfigurationProperties("lab.producer.delivery")
record BreakerSettings(
        @NotNull @Pattern(regexp = "on|off", message = "must be on or off") @DefaultValue("off")
        String circuitBreaker,
        @Positive @Max(3600) @DefaultValue("10") int breakerWindowS,
        @Positive @Max(10_000) @DefaultValue("10") int breakerMinimumCalls,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("50")
        double breakerFailureRate,
        @Positive @Max(60_000) @DefaultValue("2000") long breakerSlowCallMs,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") @DefaultValue("100")
        double breakerSlowCallRate,
        @Positive @Max(3_600_000) @DefaultValue("5000") long breakerOpenMs,
        @Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("3") int breakerHalfOpenCalls)
        implements AdminSettings {

    boolean switchedOn() {
        return "on".equals(circuitBreaker);
    }

    Duration window() {
        return Duration.ofSeconds(breakerWindowS);
    }

    /** The longest backoff that still gives a window its minimum calls from one worker alone. */
    Duration longestBackoff() {
        return window().dividedBy(breakerMinimumCalls);
    }
}
