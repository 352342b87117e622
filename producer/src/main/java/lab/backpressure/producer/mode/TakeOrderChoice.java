package lab.backpressure.producer.mode;

import jakarta.validation.constraints.NotNull;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which take order delivery follows ({@code lab.producer.take-order}, admin field {@code take_order}); the
 * handout's is {@code fifo}. That the name is a registered order is checked by {@link TakeOrders}.
 */
@ConfigurationProperties("lab.producer")
public record TakeOrderChoice(@NotNull @DefaultValue(FifoOrder.NAME) String takeOrder) implements AdminSettings {
}
