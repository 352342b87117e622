package lab.backpressure.consumer.processing;

import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which share of items fails on purpose, and how: {@code failureRate} 0 (none, the default) to 1 (all),
 * {@code failureMode} as in {@link FailureMode}, and {@code failureTimeoutMs}, how long {@code timeout} holds a
 * request: its default 35 s outlasts the producer's 30 s request timeout, so a {@code timeout} failure is a
 * timeout at the producer.
 */
@ConfigurationProperties("lab.consumer")
record FailureInjection(
        @DefaultValue("0") double failureRate,
        @DefaultValue("error") FailureMode failureMode,
        @DefaultValue("35000") long failureTimeoutMs) implements AdminSettings {
}
