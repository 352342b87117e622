package lab.backpressure.producer.mode;

import org.springframework.stereotype.Component;

import lab.backpressure.producer.item.WorkItem;

/** First in, first out: the handout's order, fair while the queue drains, and the oldest work first when it does not. */
@Component
final class FifoOrder implements TakeOrder {

    static final String NAME = "fifo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WorkItem take(Taking queue, long now) {
        return queue.takeOldest();
    }

    @Override
    public boolean lifoActive() {
        return false;
    }
}
