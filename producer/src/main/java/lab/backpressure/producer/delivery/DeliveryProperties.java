package lab.backpressure.producer.delivery;

import java.time.Duration;

import io.github.resilience4j.core.IntervalFunction;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How items travel to the consumer ({@code lab.producer.delivery.*}).
 *
 * @param workers        delivery workers (virtual threads), the most a delivery limit can put in flight;
 *                       0 delivers nothing
 * @param connectTimeout time to open a connection to the consumer (the time to wait for an answer is the admin
 *                       field {@code attempt_timeout_ms})
 * @param backoff        pause after a failed attempt, growing while failures continue
 */
@ConfigurationProperties("lab.producer.delivery")
@Validated
record DeliveryProperties(
        @PositiveOrZero @Max(DeliveryLimiter.MAX_WORKERS) int workers,
        @NotNull Duration connectTimeout,
        @NotNull @Valid Backoff backoff) {

    /** Exponential backoff: {@code initial}, then times {@code multiplier} per failure, capped at {@code max}. */
    public record Backoff(@NotNull Duration initial, @DecimalMin("1.0") double multiplier, @NotNull Duration max) {

        /** The pause after the n-th failure in a row (n from 1), as Resilience4j computes it. */
        public IntervalFunction intervals() {
            return IntervalFunction.ofExponentialBackoff(initial, multiplier, max);
        }
    }
}
