package lab.backpressure.producer.queue;

import java.util.OptionalInt;
import java.util.Set;

import lab.backpressure.producer.config.Settings;
import org.springframework.stereotype.Component;

/**
 * Holds at most {@code max_queue_size} items and rejects the new item when full: memory stays flat, the
 * excess is lost (counted as rejected, reason {@code full}). Switching to this mode with a longer queue keeps
 * the items; new ones are rejected until it has drained below the bound.
 */
@Component
public final class BoundedMode implements QueueMode {

    public static final String NAME = "bounded";

    private final Settings settings;

    public BoundedMode(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        return item.size() >= bound() ? item.reject(RejectionReason.FULL) : item.append();
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(RejectionReason.FULL);
    }

    @Override
    public OptionalInt capacity() {
        return OptionalInt.of(bound());
    }

    private int bound() {
        return settings.get(QueueBound.class).maxQueueSize();
    }
}
