package lab.backpressure.producer.mode;

import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Holds at most {@code max_queue_size} items and rejects the new item when full: memory stays flat, the
 * excess is lost (counted as rejected, reason {@code full}). Switching to this mode with a longer queue keeps
 * the items; new ones are rejected until it has drained below the bound.
 */
@Component
public final class BoundedMode extends BoundedQueueMode {

    public static final String NAME = "bounded";

    public BoundedMode(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

}
