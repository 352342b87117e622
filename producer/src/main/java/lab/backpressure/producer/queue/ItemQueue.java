package lab.backpressure.producer.queue;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

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
     * 4 longs + 1 reference = 48) + the deque's node (12 header + 3 references = 24, rounded up) = 112.
     */
    public static final long ITEM_OVERHEAD_BYTES = 16 + 24 + 48 + 24;

    private final LinkedBlockingDeque<WorkItem> items = new LinkedBlockingDeque<>();
    private final AtomicLong memoryBytes = new AtomicLong();

    public static long footprint(WorkItem item) {
        return item.payloadBytes() + ITEM_OVERHEAD_BYTES;
    }

    public void addLast(WorkItem item) {
        items.addLast(item);
        memoryBytes.addAndGet(footprint(item));
    }

    /** Puts an item whose delivery failed back where it was: first in line. */
    public void addFirst(WorkItem item) {
        items.addFirst(item);
        memoryBytes.addAndGet(footprint(item));
    }

    public Optional<WorkItem> pollFirst() {
        WorkItem item = items.pollFirst();
        if (item != null) {
            memoryBytes.addAndGet(-footprint(item));
        }
        return Optional.ofNullable(item);
    }

    /** The item at the head, left in place. */
    public Optional<WorkItem> peekFirst() {
        return Optional.ofNullable(items.peekFirst());
    }

    /** Removes every item; returns how many there were. */
    public int clear() {
        int removed = 0;
        while (pollFirst().isPresent()) {
            removed++;
        }
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
