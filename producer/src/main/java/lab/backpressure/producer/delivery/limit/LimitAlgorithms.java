package lab.backpressure.producer.delivery.limit;

import java.util.List;

import lab.backpressure.support.settings.Strategies;
import org.springframework.stereotype.Component;

/** The registered limit algorithms, by name; and the rule that {@code delivery_limit} names one of them. */
@Component
public final class LimitAlgorithms extends Strategies<LimitAlgorithm> {

    public LimitAlgorithms(List<LimitAlgorithm> registered) {
        super("delivery_limit", "algorithm", settings -> settings.get(LimitChoice.class).deliveryLimit(), registered,
                LimitAlgorithm::name);
    }
}
