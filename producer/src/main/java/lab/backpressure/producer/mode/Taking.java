package lab.backpressure.producer.mode;

import java.util.Optional;
import java.util.OptionalLong;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * The queue as a {@link TakeOrder} sees it for one take, with the ledger's lock held: it may take exactly one
 * item, which the ledger then counts as in flight.
 */
public interface Taking {

    /** Epoch millis since which the queue has stood, not drained ({@link ItemQueue#standingSince()}). */
    OptionalLong standingSince();

    /** Takes the item at the head, the one queued longest. */
    WorkItem takeOldest();

    /** Takes the item at the tail, the one queued last. */
    WorkItem takeNewest();

    /** Takes the oldest queued item of this priority; takes nothing when none is queued. */
    Optional<WorkItem> takeOldest(ItemPriority priority);
}
