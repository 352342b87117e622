package lab.backpressure.producer.config;

import java.net.URI;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The producer's settings that only startup sets ({@code lab.producer.*}); what an admin request may change
 * lives in {@link AdminSettings} records.
 */
@ConfigurationProperties("lab.producer")
@Validated
public record ProducerProperties(@NotNull URI consumerUrl) {
}
