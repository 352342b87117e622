package lab.backpressure.producer.config;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The sane maxima ({@code lab.producer.limits.*}) that keep a typo in an admin request from taking the
 * producer down before the lab gets to show why: a production rate of 10^6/s or a 1 GiB payload would.
 */
@ConfigurationProperties("lab.producer.limits")
@Validated
public record ProducerLimits(
        @Positive double productionRate,
        @Positive double rateLimit,
        DataSize payloadBytes,
        @Positive int maxQueueSize,
        @Positive int burstCount,
        DataSize burstBytes) {
}
