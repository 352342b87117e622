package lab.backpressure.producer.mode;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;

/**
 * The queue between generator and delivery, and the memory its items hold. It is safe to read from any
 * thread (the gauges do); the ledger makes every change, under its lock, so the queue and the counters
 * move together.
 */
public final class ItemQueue {

    /**
     * Heap an item costs beyond its payload bytes, on a 64-bit JVM with compressed references (any heap
     * under 32 GiB): the payload array's header (16) + the String (24) + the WorkItem record (12 header +
     * 4 longs + an int + 2 references = 56) + the deque's node (12 header + 3 references = 24, rounded
     * up) = 120.
     */
    public static final long ITEM_OVERHEAD_BYTES = 16 + 24 + 56 + 24;

    private final LinkedBlockingDeque<WorkItem> items = new LinkedBlockingDeque<>();
    private final AtomicLong memoryBytes = new AtomicLong();
    /** Queued items of each priority: a take by priority looks for one only when there is one to find. */
    private final Map<ItemPriority, AtomicInteger> queued = new EnumMap<>(ItemPriority.class);
    private volatile boolean standing;
    private volatile long standingSince;

    public ItemQueue() {
        for (ItemPriority priority : ItemPriority.values()) {
            queued.put(priority, new AtomicInteger());
        }
    }

    public static long footprint(WorkItem item) {
        return item.payloadBytes() + ITEM_OVERHEAD_BYTES;
    }

    public void addLast(WorkItem item) {
        startStanding(item);
        items.addLast(item);
        added(item);
    }

    /** Puts an item back where it was, first in line: delivery stopped before it was settled. */
    public void addFirst(WorkItem item) {
        startStanding(item);
        items.addFirst(item);
        added(item);
    }

    private void added(WorkItem item) {
        memoryBytes.addAndGet(footprint(item));
        queued.get(item.priority()).incrementAndGet();
    }

    /** An item joining a drained queue starts a standing period at its admission (one put back too: it has waited since). */
    private void startStanding(WorkItem item) {
        if (!standing) {
            standing = true;
            standingSince = item.enqueuedAt();
        }
    }

    /** Takes the item at the head for delivery: the oldest. */
    public Optional<WorkItem> pollFirst() {
        return removed(items.pollFirst());
    }

    /** Takes the item at the tail for delivery: the newest. */
    public Optional<WorkItem> pollLast() {
        return removed(items.pollLast());
    }

    /** Whether an item of this priority is queued. */
    public boolean holds(ItemPriority priority) {
        return queued.get(priority).get() > 0;
    }

    /**
     * Takes the oldest item of this priority, wherever it stands; a walk from the head, which ends at the first
     * such item (at the head itself when all items are of it).
     */
    public Optional<WorkItem> pollFirst(ItemPriority priority) {
        Iterator<WorkItem> oldestFirst = items.iterator();
        while (oldestFirst.hasNext()) {
            WorkItem item = oldestFirst.next();
            if (item.priority() == priority) {
                oldestFirst.remove();
                return removed(item);
            }
        }
        return Optional.empty();
    }

    /**
     * The queue has drained: a delivery worker found it empty and waits for work, so the consumer's side has
     * caught up. Ends a standing period. A queue emptied otherwise (a take of its last item while the arrivals
     * stall, a mode shedding it to nothing) has not drained: the next worker may well find work waiting.
     */
    public void drained() {
        if (items.isEmpty()) {
            standing = false;
        }
    }

    /**
     * Epoch millis since which the queue has stood: not drained (see {@link #drained()}) since an item joined it,
     * CoDel's "last empty time". Empty once it has drained. Both CoDel and adaptive LIFO judge a standing queue by
     * it. Read under the ledger's lock to agree with the queue.
     */
    public OptionalLong standingSince() {
        return standing ? OptionalLong.of(standingSince) : OptionalLong.empty();
    }

    private Optional<WorkItem> removed(WorkItem item) {
        if (item != null) {
            memoryBytes.addAndGet(-footprint(item));
            queued.get(item.priority()).decrementAndGet();
        }
        return Optional.ofNullable(item);
    }

    /** The item at the head, left in place. */
    public Optional<WorkItem> peekFirst() {
        return Optional.ofNullable(items.peekFirst());
    }

    /** Removes every item, which drains the queue; returns how many there were. */
    public int clear() {
        int removed = 0;
        while (pollFirst().isPresent()) {
            removed++;
        }
        drained();
        return removed;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public long memoryBytes() {
        return memoryBytes.get();
    }
}
