package lab.backpressure.producer.queue;

import lab.backpressure.producer.config.ProducerConfig;
import lab.backpressure.producer.item.WorkItem;
import org.springframework.stereotype.Component;

/** Takes every item: the queue grows as long as the producer outpaces the consumer, until the heap runs out. */
public final class UnboundedMode implements QueueMode {

    public static final String NAME = "unbounded";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(WorkItem item, ItemQueue queue) {
        queue.addLast(item);
        return Admission.accepted();
    }

    @Component
    static final class Factory implements QueueModeFactory {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public QueueMode create(ProducerConfig config) {
            return new UnboundedMode();
        }
    }
}
