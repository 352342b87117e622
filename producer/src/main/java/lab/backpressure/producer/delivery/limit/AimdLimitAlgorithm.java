package lab.backpressure.producer.delivery.limit;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * TCP's rule: one more in flight while the requests in flight use the limit and nothing is dropped; times
 * {@code aimd_backoff_ratio} on a drop (a throttle, or a round trip over {@code aimd_timeout_ms}). It needs a
 * drop to learn anything, so against a consumer that never sheds it climbs until round trips pass the timeout.
 */
@Component
public final class AimdLimitAlgorithm implements LimitAlgorithm {

    public static final String NAME = "aimd";

    /**
     * @param aimdBackoffRatio what the limit is multiplied by on a drop
     * @param aimdTimeoutMs    a round trip longer than this counts as a drop
     */
    @ConfigurationProperties("lab.producer.delivery.limits.aimd")
    public record Aimd(@DecimalMin("0.5") @DecimalMax(value = "1", inclusive = false) @DefaultValue("0.9") double aimdBackoffRatio,
                       @Positive @Max(60_000) @DefaultValue("1000") long aimdTimeoutMs) implements AdminSettings {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of(LimitBounds.class, Aimd.class);
    }

    @Override
    public Limit create(Settings settings) {
        LimitBounds bounds = settings.get(LimitBounds.class);
        Aimd aimd = settings.get(Aimd.class);
        return AIMDLimit.newBuilder()
                .initialLimit(bounds.deliveryInitialLimit())
                .minLimit(bounds.deliveryMinLimit())
                .maxLimit(bounds.deliveryMaxLimit())
                .backoffRatio(aimd.aimdBackoffRatio())
                .timeout(aimd.aimdTimeoutMs(), TimeUnit.MILLISECONDS)
                .build();
    }
}
