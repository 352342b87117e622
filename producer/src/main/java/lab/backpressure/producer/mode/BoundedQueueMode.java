package lab.backpressure.producer.mode;

import java.util.OptionalInt;
import java.util.Set;

import lab.backpressure.support.settings.Settings;

/**
 * A mode that holds at most {@code max_queue_size} items ({@link QueueBound}, shared by every such mode) and,
 * unless it says otherwise, refuses a new item at the bound as {@code full}.
 */
abstract class BoundedQueueMode implements QueueMode {

    protected final Settings settings;

    protected BoundedQueueMode(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Admission admit(Admitting item) {
        return full(item) ? item.reject(RejectionReason.FULL) : item.append();
    }

    protected final boolean full(QueueView queue) {
        return queue.size() >= bound();
    }

    protected final int bound() {
        return settings.get(QueueBound.class).maxQueueSize();
    }

    @Override
    public Set<RejectionReason> rejectionReasons() {
        return Set.of(RejectionReason.FULL);
    }

    @Override
    public OptionalInt capacity() {
        return OptionalInt.of(bound());
    }
}
