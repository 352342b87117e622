package lab.backpressure.producer.delivery.limit;

import java.util.Set;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * {@code delivery_concurrency} requests in flight, whatever happens. Two by default: one being processed and
 * the next already waiting at the consumer, so the consumer never idles for a round trip and its capacity
 * (1000 / processing ms) is the bottleneck; with one, 10/s against 100 ms per item falls behind by the HTTP
 * overhead and never balances.
 */
@Component
public final class FixedLimitAlgorithm implements LimitAlgorithm {

    public static final String NAME = "fixed";

    /** @param deliveryConcurrency requests in flight */
    @ConfigurationProperties("lab.producer.delivery.limits.fixed")
    public record Concurrency(@Positive @Max(DeliveryLimiter.MAX_WORKERS) @DefaultValue("2") int deliveryConcurrency)
            implements AdminSettings {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of(Concurrency.class);
    }

    @Override
    public Limit create(Settings settings) {
        return FixedLimit.of(settings.get(Concurrency.class).deliveryConcurrency());
    }
}
