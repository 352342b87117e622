package lab.backpressure.producer.generator;

import jakarta.validation.constraints.NotNull;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which {@link ArrivalProcess} paces the generator ({@code arrival}, default {@code constant}, the handout's
 * even ticks) and the seed of the random ones ({@code arrival_seed}): setting either restarts the sequence.
 */
@ConfigurationProperties("lab.producer")
record ArrivalChoice(@NotNull @DefaultValue(ConstantArrivals.NAME) String arrival,
                            @DefaultValue("1") long arrivalSeed) implements AdminSettings {
}
