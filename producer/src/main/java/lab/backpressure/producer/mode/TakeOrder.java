package lab.backpressure.producer.mode;

import java.util.Map;

import lab.backpressure.producer.item.WorkItem;

/**
 * Which queued item delivery takes next, orthogonal to the queue mode (which decides what enters the queue and
 * what is evicted, always the oldest). Each order is one Spring bean; every bean of this type is a valid
 * {@code take_order}. An order takes through a {@link Taking} view, which lets it take exactly one item: it can
 * choose an item, never lose one. An order that picks by something else than age or class (say the deadline) is a new
 * class and, if it needs one, a new way to take on that view.
 */
public interface TakeOrder {

    /** The ledger's order until the settings choose one: oldest first, as a queue is. */
    TakeOrder FIFO = new FifoOrder();

    /** The name in {@code take_order} and in {@code /status.queue}. */
    String name();

    /**
     * Takes the next item to deliver. Called with the ledger's lock held, after the mode's {@code beforeTake},
     * on a queue that is not empty.
     *
     * @param now epoch millis, on the ledger's clock
     */
    WorkItem take(Taking queue, long now);

    /** Whether the last take was of the newest item ({@code lifo_active} in {@code /status.queue}). */
    boolean lifoActive();

    /** This order's own fields in {@code /status.queue}, snake_case: its parameters. */
    default Map<String, Object> status() {
        return Map.of();
    }
}
