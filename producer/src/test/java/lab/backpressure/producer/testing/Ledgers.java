package lab.backpressure.producer.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.LedgerSnapshot;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.queue.Totals;
import lab.backpressure.producer.mode.DropReason;
import lab.backpressure.producer.mode.ItemQueue;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.RejectionReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ledgers for unit tests, and the accounting identities asserted once for all of them. */
public final class Ledgers {

    private Ledgers() {
    }

    /** A ledger starting in {@code initial} that counts every reason of {@code modes} (and of {@code initial}). */
    public static ItemLedger ledger(Clock clock, ItemLedger.DropListener drops, QueueMode initial, QueueMode... modes) {
        return ledger(clock, drops, () -> false, initial, modes);
    }

    /** The same, dropping items taken past their client deadline while {@code dropPastDeadline} says so. */
    public static ItemLedger ledger(Clock clock, ItemLedger.DropListener drops, BooleanSupplier dropPastDeadline,
                                    QueueMode initial, QueueMode... modes) {
        Set<RejectionReason> rejections = new HashSet<>(initial.rejectionReasons());
        Set<DropReason> dropReasons = new HashSet<>(initial.dropReasons());
        dropReasons.add(DropReason.CLEARED);
        for (QueueMode mode : List.of(modes)) {
            rejections.addAll(mode.rejectionReasons());
            dropReasons.addAll(mode.dropReasons());
        }
        return new ItemLedger(new ItemQueue(), initial, new Totals(rejections, dropReasons), clock, drops,
                dropPastDeadline);
    }

    public static ItemLedger ledger(Clock clock, QueueMode initial, QueueMode... modes) {
        return ledger(clock, (item, reason, at) -> { }, initial, modes);
    }

    /** Takes the item at the head, as delivery does at {@code batch_size} 1 with no linger. */
    public static TakenItem takeOne(ItemLedger ledger) throws InterruptedException {
        return ledger.take(1, Duration.ZERO).first();
    }

    /** Takes the item at the head and settles it as delivered, as a worker does when the consumer took it. */
    public static TakenItem deliverOne(ItemLedger ledger) throws InterruptedException {
        TakenItem taken = takeOne(ledger);
        ledger.delivered(List.of(taken));
        return taken;
    }

    /**
     * A delivery worker that finds the queue empty and waits for work, as one does once the consumer has caught up:
     * the queue has drained. Returns once the worker waits; it ends when the next item is queued, leaving it there.
     */
    public static void drainWithAWaitingWorker(ItemLedger ledger) {
        Thread worker = Thread.ofPlatform().daemon().start(() -> {
            try {
                ledger.awaitItem();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await("a worker waits on the empty queue").atMost(Duration.ofSeconds(5))
                .until(() -> worker.getState() == Thread.State.WAITING);
    }

    /**
     * {@code produced == enqueued + rejected} and {@code enqueued == sent + failed + dropped + size + in_flight}, exactly;
     * and good items are a part of the sent ones.
     */
    public static void assertBalanced(LedgerSnapshot books) {
        assertThat(books.produced()).as("produced == enqueued + rejected in %s", books)
                .isEqualTo(books.enqueued() + books.rejected());
        assertThat(books.enqueued()).as("enqueued == sent + failed + dropped + size + in_flight in %s", books)
                .isEqualTo(books.sent() + books.failed() + books.dropped() + books.size() + books.inFlight());
        assertThat(books.good()).as("good <= sent in %s", books).isBetween(0L, books.sent());
    }
}
