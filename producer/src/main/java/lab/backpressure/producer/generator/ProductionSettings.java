package lab.backpressure.producer.generator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the generator makes ({@code lab.producer.*}); the defaults are the handout's starting point, 10 items/s
 * of 16 KiB each, with no client waiting on a deadline. The maxima keep a typo from taking the producer down
 * before the lab gets to show why: a rate of 10^6/s or a 1 GiB payload would.
 *
 * @param productionRate   items per second the generator creates
 * @param payloadBytes     size of each new item's payload
 * @param producing        false pauses the generator
 * @param clientDeadlineMs how long after its creation the client behind each new item still wants the answer;
 *                         0 for no deadline. Items keep the deadline they were created with. Unlike the
 *                         {@code deadline} mode's {@code deadline_ms} it drops nothing: it only decides which
 *                         answers are good (in time) and which are wasted work
 */
@ConfigurationProperties("lab.producer")
public record ProductionSettings(
        @Positive @DecimalMax("1000") @DefaultValue("10") double productionRate,
        @PositiveOrZero @Max(1024 * 1024) @DefaultValue("16384") int payloadBytes,
        @DefaultValue("true") boolean producing,
        @PositiveOrZero @Max(3_600_000) @DefaultValue("0") long clientDeadlineMs) implements AdminSettings {
}
