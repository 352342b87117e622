package lab.backpressure.producer.queue;

import java.util.List;
import java.util.Set;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * Items taken from the head of the queue in one step for one request to the consumer, in queue order. The batch
 * is in flight as a whole; the ledger settles its items by count, however the consumer answered for each. A
 * batch of one is the handout's delivery of a single item.
 */
public record TakenBatch(List<TakenItem> items) {

    public TakenBatch {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one item");
        }
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    /** The oldest item: the batch's request carries its trace, and its queue wait is the batch's longest. */
    public TakenItem first() {
        return items.getFirst();
    }

    /** Items still queued when the batch was taken: a backlog the next take can draw on. */
    public int queueSize() {
        return first().queueSize();
    }

    /**
     * {@code critical} if any item is: the consumer sheds a request as a whole, and a critical item must not be
     * shed for the sheddable ones it travels with.
     */
    public ItemPriority priority() {
        return items.stream().anyMatch(taken -> taken.priority() == ItemPriority.CRITICAL)
                ? ItemPriority.CRITICAL
                : ItemPriority.SHEDDABLE;
    }

    /**
     * The attempt a delivery policy sent any of these items back to the queue before making ({@link
     * WorkItem#NOT_REQUEUED} if none was): the highest, so a batch is never asked for less than its items were.
     */
    public int requeuedAttempt() {
        return items.stream().mapToInt(taken -> taken.item().requeuedAttempt()).max().orElseThrow();
    }

    public List<WorkItem> workItems() {
        return items.stream().map(TakenItem::item).toList();
    }

    /** The items with these ids, in order: what is left to send after the consumer answered for the others. */
    public TakenBatch only(Set<Long> ids) {
        return new TakenBatch(items.stream().filter(taken -> ids.contains(taken.item().id())).toList());
    }

    /** The items without these ids, in order: those the consumer answered for when these failed. */
    public List<TakenItem> except(Set<Long> ids) {
        return items.stream().filter(taken -> !ids.contains(taken.item().id())).toList();
    }

    /** The first half and the rest, in order, for a batch of at least two. */
    public List<TakenBatch> halves() {
        int half = items.size() / 2;
        return List.of(new TakenBatch(items.subList(0, half)), new TakenBatch(items.subList(half, items.size())));
    }
}
