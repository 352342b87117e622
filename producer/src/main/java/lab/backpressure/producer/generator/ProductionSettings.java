package lab.backpressure.producer.generator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.producer.config.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the generator makes ({@code lab.producer.*}); the defaults are the handout's starting point, 10 items/s
 * of 16 KiB each. The maxima keep a typo from taking the producer down before the lab gets to show why: a
 * rate of 10^6/s or a 1 GiB payload would.
 *
 * @param productionRate items per second the generator creates
 * @param payloadBytes   size of each new item's payload
 * @param producing      false pauses the generator
 */
@ConfigurationProperties("lab.producer")
public record ProductionSettings(
        @Positive @DecimalMax("1000") @DefaultValue("10") double productionRate,
        @PositiveOrZero @Max(1024 * 1024) @DefaultValue("16384") int payloadBytes,
        @DefaultValue("true") boolean producing) implements AdminSettings {
}
