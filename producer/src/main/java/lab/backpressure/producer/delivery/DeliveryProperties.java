package lab.backpressure.producer.delivery;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How items travel to the consumer ({@code lab.producer.delivery.*}).
 *
 * @param concurrency    delivery threads, each with at most one request in flight; 0 delivers nothing
 * @param connectTimeout time to open a connection to the consumer
 * @param requestTimeout time for the consumer to answer one item; past it the item is retried
 * @param backoff        pause after a failed attempt, growing while failures continue
 */
@ConfigurationProperties("lab.producer.delivery")
@Validated
public record DeliveryProperties(
        @PositiveOrZero int concurrency,
        @NotNull Duration connectTimeout,
        @NotNull Duration requestTimeout,
        @NotNull @Valid Backoff backoff) {

    /** Exponential backoff: {@code initial}, then times {@code multiplier} per failure, capped at {@code max}. */
    public record Backoff(@NotNull Duration initial, @DecimalMin("1.0") double multiplier, @NotNull Duration max) {

        /** The pause after one more failure, given the pause after the previous one ({@link Duration#ZERO} if none). */
        public Duration after(Duration previous) {
            if (previous.isZero()) {
                return initial;
            }
            Duration grown = Duration.ofNanos(Math.round(previous.toNanos() * multiplier));
            return grown.compareTo(max) > 0 ? max : grown;
        }
    }
}
