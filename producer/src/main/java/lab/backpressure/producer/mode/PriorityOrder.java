package lab.backpressure.producer.mode;

import org.springframework.stereotype.Component;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * Critical items first, then sheddable ones, first in, first out within each class (seed 001's priority queue;
 * Google SRE's criticality, "Handling Overload"): while the consumer can take at least the critical arrivals, their
 * waits stay short however long the sheddable items queue. An item's class is fixed when it is created (see
 * {@code ItemFactory}), so a change of {@code critical_share} leaves the queued items as they were. Whatever a mode
 * evicts is still the oldest item, of either class.
 */
@Component
final class PriorityOrder implements TakeOrder {

    static final String NAME = "priority";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WorkItem take(Taking queue, long now) {
        return queue.takeOldest(ItemPriority.CRITICAL).orElseGet(queue::takeOldest);
    }

    @Override
    public boolean lifoActive() {
        return false;
    }
}
