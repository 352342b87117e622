package lab.backpressure.producer.delivery.limit;

import java.util.Set;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * TCP Vegas: estimates the requests queued at the consumer from how far the round trip is above the
 * quickest one seen (limit × (1 − rtt_min / rtt)), grows while that queue is short and shrinks when it grows
 * long, so it settles near the consumer's own concurrency without needing a drop. Drops still halve it.
 * Vegas has no minimum of its own; {@code delivery_min_limit} is honoured by {@link DeliveryLimiter}.
 */
@Component
final class VegasLimitAlgorithm implements LimitAlgorithm {

    public static final String NAME = "vegas";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends AdminSettings>> settingsTypes() {
        return Set.of(LimitBounds.class);
    }

    @Override
    public Limit create(Settings settings) {
        LimitBounds bounds = settings.get(LimitBounds.class);
        return VegasLimit.newBuilder()
                .initialLimit(bounds.deliveryInitialLimit())
                .maxConcurrency(bounds.deliveryMaxLimit())
                .build();
    }
}
