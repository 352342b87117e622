package lab.backpressure.producer.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The most a {@code POST /produce} burst may ask for ({@code lab.producer.limits.*}): all of it is allocated
 * inside one request, so a typo of 10^7 items would take the producer down before the lab gets to show why.
 */
@ConfigurationProperties("lab.producer.limits")
@Validated
public record ProducerLimits(@Positive int burstCount, @NotNull DataSize burstBytes) {
}
