package lab.backpressure.producer.delivery.limit;

import jakarta.validation.constraints.NotNull;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which algorithm sets the delivery concurrency ({@code lab.producer.delivery.limit}, admin field
 * {@code delivery_limit}). That the name is a registered algorithm is checked by {@link LimitAlgorithms}.
 */
@ConfigurationProperties("lab.producer.delivery")
public record LimitChoice(@NotNull @DefaultValue(FixedLimitAlgorithm.NAME) String deliveryLimit) implements AdminSettings {
}
