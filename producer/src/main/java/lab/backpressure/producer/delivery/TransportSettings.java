package lab.backpressure.producer.delivery;

import jakarta.validation.constraints.NotNull;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How items leave the producer ({@code lab.producer.delivery.transport}, admin field {@code transport}):
 * {@code http} POSTs them to the consumer, {@code kafka} writes them to the topic {@code lab.items}. That it names
 * a transport this producer has is checked by {@link Transports}.
 */
@ConfigurationProperties("lab.producer.delivery")
public record TransportSettings(@NotNull @DefaultValue(ConsumerClient.NAME) String transport) implements AdminSettings {
}
