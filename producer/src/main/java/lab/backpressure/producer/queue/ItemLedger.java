package lab.backpressure.producer.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.Admission;
import lab.backpressure.producer.mode.Admitting;
import lab.backpressure.producer.mode.DropReason;
import lab.backpressure.producer.mode.ItemQueue;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.QueueView;
import lab.backpressure.producer.mode.QueueWatch;
import lab.backpressure.producer.mode.RejectionReason;
import lab.backpressure.producer.mode.TakeOrder;
import lab.backpressure.producer.mode.Taking;

/**
 * Every move of an item (produced, queued or rejected, evicted, taken, sent, failed, put back, cleared)
 * together with the count it changes, under one lock; the items of a batch move in one step. That makes the
 * accounting identities hold at every instant a {@link #snapshot()} can observe:
 * {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + in_flight}, and
 * {@code good <= sent}. Besides the modes' own reasons, the ledger drops with {@link #CLIENT_DEADLINE} and
 * {@link #EXPIRED_AT_CONSUMER}, whatever the mode. Queue modes decide; they change the queue only through the
 * views this ledger hands them, which count.
 */
public final class ItemLedger implements QueueWatch {

    /** Taken past its client deadline while {@code drop_past_deadline} is on: dropped instead of sent. */
    public static final DropReason CLIENT_DEADLINE = new DropReason("client_deadline");
    /** Answered expired by the consumer (its {@code drop_expired}): not processed, and never sent again. */
    public static final DropReason EXPIRED_AT_CONSUMER = new DropReason("expired_at_consumer");
    /** Failed on its last attempt under {@code max_attempts}: given up, never sent again. */
    public static final DropReason ATTEMPTS_EXHAUSTED = new DropReason("attempts_exhausted");
    /** Dropped before sending by client-side adaptive throttling ({@code client_throttling}). */
    public static final DropReason CLIENT_THROTTLED = new DropReason("client_throttled");

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemQueued = lock.newCondition();
    private final Condition itemLeft = lock.newCondition();
    private final ItemQueue queue;
    private final Clock clock;
    private final Totals totals;
    private final DropListener drops;
    private final BooleanSupplier dropPastDeadline;
    private final View view = new View();
    private volatile QueueMode mode;
    private volatile TakeOrder order = TakeOrder.FIFO;

    /** A good item's answer: its priority, and the time from its creation to the answer. */
    public record GoodAnswer(ItemPriority priority, Duration latency) {
    }

    /** Hears of every item a mode evicts, under the ledger's lock (to put the drop on the item's trace). */
    @FunctionalInterface
    public interface DropListener {
        void dropped(WorkItem item, DropReason reason, long at);
    }

    /** @param dropPastDeadline whether {@code drop_past_deadline} is on now */
    public ItemLedger(ItemQueue queue, QueueMode initialMode, Totals totals, Clock clock, DropListener drops,
                      BooleanSupplier dropPastDeadline) {
        this.queue = queue;
        this.mode = initialMode;
        this.totals = totals;
        this.clock = clock;
        this.drops = drops;
        this.dropPastDeadline = dropPastDeadline;
        initialMode.activate();
    }

    /** A generated item, through the current mode. */
    public Admission offer(WorkItem item) {
        return locked(() -> admitted(item, mode::admit));
    }

    /** An item of a {@code POST /produce} burst, through the current mode's rule for bursts. */
    public Admission offerBurstItem(WorkItem item) {
        return locked(() -> admitted(item, mode::admitBurstItem));
    }

    private Admission admitted(WorkItem item, Function<Admitting, Admission> rule) {
        OneAdmission admitting = new OneAdmission(item.enqueued(clock.millis()));
        Admission admission = rule.apply(admitting);
        if (admission != admitting.decision) {
            throw new IllegalStateException("queue mode %s must decide item %d through its Admitting, exactly once"
                    .formatted(mode.name(), item.id()));
        }
        totals.produced.incrementAndGet();
        return admission;
    }

    /**
     * Waits for an item and takes up to {@code max} from the head of the queue in one step (after up to
     * {@code linger} for more, while fewer are queued); they are in flight until settled.
     */
    public TakenBatch take(int max, Duration linger) throws InterruptedException {
        while (true) {
            awaitItem();
            Optional<TakenBatch> taken = poll(max, linger);
            if (taken.isPresent()) {
                return taken.get();
            }
        }
    }

    /** Waits until an item is queued, without taking it; a wait on an empty queue drains it ({@link ItemQueue#drained()}). */
    public void awaitItem() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                queue.drained();
                itemQueued.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code max} items from the head in one step, after up to {@code linger} for more while fewer are
     * queued; empty when there is nothing to take (another worker was quicker, or the mode dropped them all as
     * stale), so a worker holding a delivery slot never waits for work with it. The mode hears of each item about
     * to leave, so a batch passes its checks item by item; the take order picks which item leaves. With
     * {@code drop_past_deadline} on, the items taken past their client deadline are dropped here, before anything
     * is sent.
     */
    public Optional<TakenBatch> poll(int max, Duration linger) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long lingering = queue.isEmpty() ? 0 : linger.toNanos();
            while (queue.size() < max && lingering > 0) {
                lingering = itemQueued.awaitNanos(lingering);
            }
            List<WorkItem> taken = new ArrayList<>();
            long now = clock.millis();
            while (taken.size() < max && !queue.isEmpty()) {
                mode.beforeTake(view, now);
                if (!queue.isEmpty()) {
                    taken.add(takeOne(now));
                }
            }
            if (dropPastDeadline.getAsBoolean()) {
                taken.removeIf(item -> droppedPastDeadline(item, now));
            }
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            totals.inFlight.addAndGet(taken.size());
            itemLeft.signalAll();
            if (!queue.isEmpty()) {
                // an append wakes one waiter per item, and this take may have had several of those wake-ups
                itemQueued.signal();
            }
            long takenAt = clock.millis();
            return Optional.of(new TakenBatch(taken.stream()
                    .map(item -> new TakenItem(item, takenAt, queue.size(), mode.name()))
                    .toList()));
        } finally {
            lock.unlock();
        }
    }

    /** One item, as the take order picks it; it must take exactly the one it answers. */
    private WorkItem takeOne(long now) {
        OneTake taking = new OneTake();
        WorkItem item = order.take(taking, now);
        if (taking.taken == null || item != taking.taken) {
            throw new IllegalStateException("take order %s must take exactly one item through its Taking and answer it"
                    .formatted(order.name()));
        }
        return item;
    }

    /**
     * The consumer took these items in flight, answering now. Those answered in time for their client (by their
     * deadline, or at all when they have none) are good as well, a part of sent; answers how long each good one
     * took from its creation to this answer, and its priority.
     */
    public List<GoodAnswer> delivered(List<TakenItem> items) {
        long answeredAt = clock.millis();
        List<GoodAnswer> good = items.stream().map(TakenItem::item).filter(item -> item.inTimeAt(answeredAt))
                .map(item -> new GoodAnswer(item.priority(), item.ageAt(answeredAt))).toList();
        settle(items.size(), () -> {
            totals.sent.addAndGet(items.size());
            totals.good.addAndGet(good.size());
        });
        return good;
    }

    private boolean droppedPastDeadline(WorkItem item, long now) {
        if (item.inTimeAt(now)) {
            return false;
        }
        totals.droppedFor(CLIENT_DEADLINE).incrementAndGet();
        drops.dropped(item, CLIENT_DEADLINE, now);
        return true;
    }

    /**
     * The consumer answered these items in flight expired ({@code drop_expired}): it did not process them, and a
     * retry could only expire again. Dropped with {@link #EXPIRED_AT_CONSUMER}, never sent again.
     */
    public void expiredAtConsumer(List<TakenItem> items) {
        settle(items.size(), () -> totals.droppedFor(EXPIRED_AT_CONSUMER).addAndGet(items.size()));
    }

    /**
     * Delivery gave these items in flight up for {@code reason} ({@link #ATTEMPTS_EXHAUSTED},
     * {@link #CLIENT_THROTTLED}): dropped, never sent again.
     */
    public void lost(List<TakenItem> items, DropReason reason) {
        settle(items.size(), () -> totals.droppedFor(reason).addAndGet(items.size()));
    }

    /** This many items went out in one delivery attempt that ended with {@code outcome}. */
    public void attempted(int items, AttemptOutcome outcome) {
        locked(() -> totals.attemptsFor(outcome).addAndGet(items));
    }

    /** The consumer refused this many items in flight for good (4xx): they are failed, not retried. */
    public void refused(int items) {
        settle(items, () -> totals.failed.addAndGet(items));
    }

    /** A delivery attempt failed for this many items in a way worth retrying; they stay in flight for the retry. */
    public void attemptFailed(int items) {
        locked(() -> totals.failedAttempts.addAndGet(items));
    }

    /**
     * The consumer said "not now" with {@code Retry-After} to a request of this many items: flow control, they stay
     * in flight for a later attempt. The current mode hears of it too, once per request.
     */
    public void attemptThrottled(int items) {
        locked(() -> {
            totals.throttled.addAndGet(items);
            mode.throttled(clock.millis());
            return null;
        });
    }

    /** Delivery stopped before these items were settled (shutdown): they go back to the head of the queue, in order. */
    public void putBack(List<TakenItem> items) {
        settle(items.size(), () -> {
            items.reversed().forEach(taken -> queue.addFirst(taken.item()));
            itemQueued.signal();
        });
    }

    /**
     * A delivery policy would not make {@code attempt} of these items in flight now (a retry beyond the retry
     * budget): they go back to the tail of the queue, behind the items not yet tried, and that attempt is asked for
     * again when they are next taken. They count as queued again, not as produced or enqueued twice; like items put
     * back at shutdown they may hold the queue past a bound for a moment, since the mode admitted them already.
     */
    public void requeue(List<TakenItem> items, int attempt) {
        settle(items.size(), () -> {
            items.forEach(taken -> queue.addLast(taken.item().requeuedFor(attempt)));
            itemQueued.signal();
        });
    }

    private void settle(int items, Runnable outcome) {
        locked(() -> {
            totals.inFlight.addAndGet(-items);
            outcome.run();
            return null;
        });
    }

    /** Removes every queued item, counting them as dropped (reason {@code cleared}); returns how many. */
    public int clear() {
        return locked(() -> {
            int removed = queue.clear();
            totals.droppedFor(DropReason.CLEARED).addAndGet(removed);
            itemLeft.signalAll();
            return removed;
        });
    }

    /** Makes {@code next} decide from now on; the items already queued stay. */
    public void switchMode(QueueMode next) {
        locked(() -> {
            mode.deactivate();
            next.activate();
            mode = next;
            return null;
        });
    }

    public QueueMode mode() {
        return mode;
    }

    /** Makes {@code next} pick the items delivery takes from now on. */
    public void takeIn(TakeOrder next) {
        order = next;
    }

    public TakeOrder takeOrder() {
        return order;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean awaitSizeAtMost(int size, Duration timeout) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeout.toNanos();
            while (queue.size() > size) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = itemLeft.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
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
                totals.sent(), totals.failed(), totals.inFlight(), totals.failedAttempts(), totals.throttled(),
                totals.good(), totals.attempts()));
    }

    private <T> T locked(Supplier<T> step) {
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }

    /** The queue as modes see it; used only with the lock held. */
    private class View implements QueueView {

        @Override
        public int size() {
            return queue.size();
        }

        @Override
        public long inFlight() {
            return totals.inFlight();
        }

        @Override
        public long delivered() {
            return totals.sent();
        }

        @Override
        public OptionalLong oldestEnqueuedAt() {
            return queue.peekFirst().map(item -> OptionalLong.of(item.enqueuedAt())).orElse(OptionalLong.empty());
        }

        @Override
        public OptionalLong standingSince() {
            return queue.standingSince();
        }

        @Override
        public void evictOldest(DropReason reason) {
            WorkItem evicted = queue.pollFirst().orElseThrow(() -> new IllegalStateException("nothing to evict"));
            totals.droppedFor(reason).incrementAndGet();
            itemLeft.signalAll();
            drops.dropped(evicted, reason, clock.millis());
        }
    }

    /** One take, as an order makes it: at most one item leaves through it. */
    private final class OneTake implements Taking {

        private WorkItem taken;

        @Override
        public OptionalLong standingSince() {
            return queue.standingSince();
        }

        @Override
        public WorkItem takeOldest() {
            return took(queue.pollFirst());
        }

        @Override
        public WorkItem takeNewest() {
            return took(queue.pollLast());
        }

        @Override
        public Optional<WorkItem> takeOldest(ItemPriority priority) {
            return queue.holds(priority) ? Optional.of(took(queue.pollFirst(priority))) : Optional.empty();
        }

        private WorkItem took(Optional<WorkItem> item) {
            if (taken != null) {
                throw new IllegalStateException("take order %s took a second item in one take".formatted(order.name()));
            }
            taken = item.orElseThrow(() -> new IllegalStateException("nothing to take"));
            return taken;
        }
    }

    /** One item's admission: counts the one decision a mode makes through it. */
    private final class OneAdmission extends View implements Admitting {

        private final WorkItem item;
        private int evictions;
        private Admission decision;

        OneAdmission(WorkItem item) {
            this.item = item;
        }

        @Override
        public void evictOldest(DropReason reason) {
            super.evictOldest(reason);
            evictions++;
        }

        @Override
        public long at() {
            return item.enqueuedAt();
        }

        @Override
        public Admission append() {
            requireUndecided();
            queue.addLast(item);
            totals.enqueued.incrementAndGet();
            itemQueued.signal();
            decision = new Admission.Accepted(evictions);
            return decision;
        }

        @Override
        public Admission reject(RejectionReason reason) {
            requireUndecided();
            totals.rejectedFor(reason).incrementAndGet();
            decision = new Admission.Rejected(reason);
            return decision;
        }

        private void requireUndecided() {
            if (decision != null) {
                throw new IllegalStateException("item %d was decided already: %s".formatted(item.id(), decision));
            }
        }
    }
}
