package lab.backpressure.producer.delivery.limit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.problem.InvalidFieldException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the adaptive algorithms ({@code aimd}, {@code vegas}, {@code gradient2}) start and how far they may
 * move. Netflix's defaults suit large services (minimum 20 in flight); the lab's consumer does one item at a
 * time, so the lab starts at today's two and may go down to one.
 *
 * @param deliveryInitialLimit in flight when the algorithm starts
 * @param deliveryMinLimit     the least it may go down to
 * @param deliveryMaxLimit     the most it may go up to (at most the delivery workers there are)
 */
@ConfigurationProperties("lab.producer.delivery.limits")
public record LimitBounds(
        @Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("2") int deliveryInitialLimit,
        @Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("1") int deliveryMinLimit,
        @Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("64") int deliveryMaxLimit) implements AdminSettings {

    @Override
    public void check() {
        if (deliveryMinLimit > deliveryMaxLimit) {
            throw new InvalidFieldException("delivery_min_limit", "delivery_min_limit (%d) must be at most delivery_max_limit (%d)"
                    .formatted(deliveryMinLimit, deliveryMaxLimit));
        }
        if (deliveryInitialLimit < deliveryMinLimit || deliveryInitialLimit > deliveryMaxLimit) {
            throw new InvalidFieldException("delivery_initial_limit",
                    "delivery_initial_limit (%d) must be between delivery_min_limit (%d) and delivery_max_limit (%d)"
                            .formatted(deliveryInitialLimit, deliveryMinLimit, deliveryMaxLimit));
        }
    }
}
