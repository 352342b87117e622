package lab.backpressure.producer.mode;

import org.springframework.stereotype.Component;

import lab.backpressure.producer.item.WorkItem;

/**
 * Last in, first out: the newest item first, whose client is the most likely to be still waiting. Under a
 * standing queue the old items wait on until a mode evicts them; while the queue drains, an item that arrived
 * during a burst may be served after later ones.
 */
@Component
final class LifoOrder implements TakeOrder {

    static final String NAME = "lifo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WorkItem take(Taking queue, long now) {
        return queue.takeNewest();
    }

    @Override
    public boolean lifoActive() {
        return true;
    }
}
