package lab.backpressure.producer.delivery.batch;

import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/** Every take may hold up to {@code batch_size} items, whatever happens: the default, at 1 the handout's delivery. */
@Component
public final class FixedBatchSizing implements BatchSizing {

    public static final String NAME = "fixed";

    private final Settings settings;

    public FixedBatchSizing(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int target() {
        return settings.get(BatchSettings.class).batchSize();
    }
}
