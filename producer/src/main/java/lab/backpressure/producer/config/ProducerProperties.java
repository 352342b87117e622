package lab.backpressure.producer.config;

import java.net.URI;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The producer's settings at startup ({@code lab.producer.*}); the defaults live in application.yml.
 * Everything but the consumer's address can be changed later through {@code POST /admin/config}, so the
 * values are checked by the same rules as an admin update (see {@code ConfigValidator}), not here.
 */
@ConfigurationProperties("lab.producer")
@Validated
public record ProducerProperties(
        double productionRate,
        String queueMode,
        int maxQueueSize,
        double rateLimit,
        int payloadBytes,
        boolean producing,
        @NotNull URI consumerUrl) {

    public ProducerConfig initialConfig() {
        return new ProducerConfig(productionRate, queueMode, maxQueueSize, rateLimit, payloadBytes, producing);
    }
}
