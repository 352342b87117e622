package lab.backpressure.producer.mode;

import org.springframework.stereotype.Component;

/** Takes every item: the queue grows as long as the producer outpaces the consumer, until the heap runs out. */
@Component
public final class UnboundedMode implements QueueMode {

    public static final String NAME = "unbounded";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Admission admit(Admitting item) {
        return item.append();
    }
}
