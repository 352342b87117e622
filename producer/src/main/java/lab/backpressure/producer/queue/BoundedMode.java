package lab.backpressure.producer.queue;

import java.util.OptionalInt;

import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.item.WorkItem;
import org.springframework.stereotype.Component;

/**
 * Holds at most {@code max_queue_size} items and rejects the new item when full: memory stays flat, the
 * excess is lost (counted as rejected, reason {@code queue_full}). Switching to this mode with a longer
 * queue keeps the items; new ones are rejected until it has drained below the bound.
 */
public final class BoundedMode implements QueueMode {

    public static final String NAME = "bounded";

    private final int maxSize;

    public BoundedMode(int maxSize) {
        this.maxSize = maxSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(WorkItem item, ItemQueue queue) {
        if (queue.size() >= maxSize) {
            return Admission.rejected(RejectionReason.QUEUE_FULL);
        }
        queue.addLast(item);
        return Admission.accepted();
    }

    @Override
    public OptionalInt capacity() {
        return OptionalInt.of(maxSize);
    }

    @Component
    static final class Factory implements QueueModeFactory {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public QueueMode create(ProducerConfig config) {
            return new BoundedMode(config.maxQueueSize());
        }
    }
}
