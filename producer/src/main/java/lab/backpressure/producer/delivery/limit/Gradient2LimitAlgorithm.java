package lab.backpressure.producer.delivery.limit;

import java.util.Set;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Netflix's Gradient2: compares a short-term average round trip with a long-term one and scales the limit by
 * their ratio, plus a small allowance for queueing. It reads only round trips, so throttles and timeouts are
 * not fed to it as drops (a quick 429 would look like a fast, healthy answer).
 */
@Component
final class Gradient2LimitAlgorithm implements LimitAlgorithm {

    public static final String NAME = "gradient2";

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
        return Gradient2Limit.newBuilder()
                .initialLimit(bounds.deliveryInitialLimit())
                .minLimit(bounds.deliveryMinLimit())
                .maxConcurrency(bounds.deliveryMaxLimit())
                .build();
    }

    @Override
    public boolean learnsFromDrops() {
        return false;
    }
}
