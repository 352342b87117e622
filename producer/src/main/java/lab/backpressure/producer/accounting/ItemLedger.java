package lab.backpressure.producer.accounting;

import java.time.Clock;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.queue.Admission;
import lab.backpressure.producer.queue.DropReason;
import lab.backpressure.producer.queue.ItemQueue;
import lab.backpressure.producer.queue.QueueMode;
import lab.backpressure.producer.queue.RejectionReason;

/**
 * Every move of an item (produced, queued or rejected, taken, sent, failed, put back, cleared) together with
 * the count it changes, under one lock. That makes the accounting identities hold at every instant a
 * {@link #snapshot()} can observe:
 * {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + in_flight}.
 */
public final class ItemLedger {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemQueued = lock.newCondition();
    private final ItemQueue queue;
    private final Clock clock;
    private final Totals totals = new Totals();
    private volatile QueueMode mode;

    public ItemLedger(ItemQueue queue, QueueMode initialMode, Clock clock) {
        this.queue = queue;
        this.mode = initialMode;
        this.clock = clock;
    }

    /** A generated item, through the current mode. */
    public Admission offer(WorkItem item) {
        return locked(() -> count(mode.admit(item.enqueued(clock.millis()), queue)));
    }

    /** An item of a {@code POST /produce} burst: it needs a burst permit from the mode before admission. */
    public Admission offerBurstItem(WorkItem item) {
        return locked(() -> count(mode.tryBurstPermit()
                ? mode.admit(item.enqueued(clock.millis()), queue)
                : Admission.rejected(RejectionReason.RATE_LIMITED)));
    }

    private Admission count(Admission admission) {
        totals.produced.incrementAndGet();
        switch (admission) {
            case Admission.Accepted _ -> {
                totals.enqueued.incrementAndGet();
                itemQueued.signal();
            }
            case Admission.Rejected rejected -> totals.rejectedFor(rejected.reason()).incrementAndGet();
        }
        return admission;
    }

    /** Waits for an item and takes it from the head of the queue; it is in flight until settled. */
    public TakenItem take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                itemQueued.await();
            }
            WorkItem item = queue.pollFirst().orElseThrow();
            totals.inFlight.incrementAndGet();
            return new TakenItem(item, clock.millis(), queue.size(), mode.name());
        } finally {
            lock.unlock();
        }
    }

    /** The consumer took the item in flight. */
    public void delivered() {
        settle(() -> totals.sent.incrementAndGet());
    }

    /** The consumer refused the item in flight for good (4xx): it is failed, not retried. */
    public void refused() {
        settle(() -> totals.failed.incrementAndGet());
    }

    /** A delivery attempt failed in a way worth retrying; the item stays in flight for the retry. */
    public void attemptFailed() {
        locked(() -> totals.failedAttempts.incrementAndGet());
    }

    /** Delivery stopped before the item was settled (shutdown): it goes back to the head of the queue. */
    public void putBack(TakenItem taken) {
        settle(() -> {
            queue.addFirst(taken.item());
            itemQueued.signal();
        });
    }

    private void settle(Runnable outcome) {
        locked(() -> {
            totals.inFlight.decrementAndGet();
            outcome.run();
            return null;
        });
    }

    /** Removes every queued item, counting them as dropped (reason {@code cleared}); returns how many. */
    public int clear() {
        return locked(() -> {
            int removed = queue.clear();
            totals.droppedFor(DropReason.CLEARED).addAndGet(removed);
            return removed;
        });
    }

    /** Makes {@code next} decide from now on; the items already queued stay. */
    public void switchMode(QueueMode next) {
        locked(() -> mode = next);
    }

    public QueueMode mode() {
        return mode;
    }

    /** Items queued now, for the gauge; {@link #snapshot()} for a size consistent with the counts. */
    public int queueSize() {
        return queue.size();
    }

    /** Heap held by the queued items now, for the gauge. */
    public long queueMemoryBytes() {
        return queue.memoryBytes();
    }

    /** Live counts, for metrics; {@link #snapshot()} for a consistent set. */
    public Totals totals() {
        return totals;
    }

    public LedgerSnapshot snapshot() {
        return locked(() -> new LedgerSnapshot(mode, queue.size(), queue.memoryBytes(),
                totals.produced(), totals.enqueued(), totals.rejected(), totals.dropped(),
                totals.sent(), totals.failed(), totals.inFlight(), totals.failedAttempts()));
    }

    private <T> T locked(Supplier<T> step) {
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }
}
