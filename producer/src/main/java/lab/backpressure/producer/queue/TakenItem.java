package lab.backpressure.producer.queue;

import java.time.Duration;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * An item taken from the queue for delivery, alone or in a {@link TakenBatch}, in flight until the ledger hears
 * how delivery ended.
 *
 * @param takenAt    epoch millis it left the queue
 * @param queueSize  items still queued behind its batch at that moment
 * @param mode       the queue mode at that moment
 */
public record TakenItem(WorkItem item, long takenAt, int queueSize, String mode) {

    /** How the item is marked for the consumer, as it was created; outside the item's JSON. */
    public ItemPriority priority() {
        return item.priority();
    }

    /** Time from admission to being taken; after a retry, still counted from the first admission. */
    public Duration queueWait() {
        return Duration.ofMillis(takenAt - item.enqueuedAt());
    }
}
