package lab.backpressure.producer.mode;

import jakarta.validation.constraints.NotNull;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which queue mode decides ({@code lab.producer.queue-mode}, admin field {@code queue_mode}); the handout
 * starts {@code unbounded}. That the name is a registered mode is checked by {@link QueueModes}.
 */
@ConfigurationProperties("lab.producer")
public record QueueModeChoice(@NotNull @DefaultValue(UnboundedMode.NAME) String queueMode) implements AdminSettings {
}
