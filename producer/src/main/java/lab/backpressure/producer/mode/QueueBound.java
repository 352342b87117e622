package lab.backpressure.producer.mode;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code max_queue_size}: the bound of the {@code bounded} mode, which every other mode that bounds the queue
 * ({@code drop_oldest}, {@code block}, {@code sample}, {@code deadline}) shares, so switching between them
 * compares strategies at the same bound. Bound at startup from {@code lab.producer.modes.bounded.max-queue-size}.
 */
@ConfigurationProperties("lab.producer.modes.bounded")
public record QueueBound(@Positive @Max(1_000_000) @DefaultValue("100") int maxQueueSize) implements AdminSettings {
}
