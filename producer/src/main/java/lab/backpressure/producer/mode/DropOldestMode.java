package lab.backpressure.producer.mode;

import java.util.Set;

import lab.backpressure.support.settings.Settings;
import org.springframework.stereotype.Component;

/**
 * Holds at most {@code max_queue_size} items, like {@code bounded}, but when full it evicts the oldest queued
 * item (dropped, reason {@code oldest}) and takes the new one: the queue keeps the freshest work, so what is
 * delivered has waited at most a queue's length. The loss is the same as bounded's; who pays differs.
 */
@Component
final class DropOldestMode extends BoundedQueueMode {

    public static final String NAME = "drop_oldest";
    public static final DropReason OLDEST = new DropReason("oldest");

    public DropOldestMode(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        // a loop, not an if: after switching from a longer queue or lowering the bound it trims to the bound
        while (full(item)) {
            item.evictOldest(OLDEST);
        }
        return item.append();
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of();
    }

    @Override
    public Set<DropReason> dropReasons() {
        return Set.of(OLDEST);
    }
}
