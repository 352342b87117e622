package lab.backpressure.producer.mode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.LedgerSnapshot;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedModeTest {

    private static final int MAX = 100;

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final TestSettings settings = TestSettings.of(new QueueBound(MAX));
    private final BoundedMode mode = new BoundedMode(settings);

    @Test
    void plateausAtTheBoundAndRejectsTheNewItem() throws InterruptedException {
        ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            WorkItem item = items.create(1);
            first.add(item.id());
            assertThat(ledger.offer(item)).isEqualTo(new Admission.Accepted(0));
        }

        for (int i = 0; i < 50; i++) {
            assertThat(ledger.offerBurstItem(items.create(1))).isEqualTo(new Admission.Rejected(RejectionReason.FULL));
            assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Rejected(RejectionReason.FULL));
        }

        assertThat(ledger.snapshot().size()).isEqualTo(MAX);
        assertThat(ledger.totals().rejected(RejectionReason.FULL)).isEqualTo(100);
        assertThat(drain(ledger)).as("the queued items are the first ones, not the new ones").isEqualTo(first);
        assertThat(mode.capacity()).hasValue(MAX);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void aLowerBoundTakesEffectAtOnceAndKeepsTheQueuedItems() {
        ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);
        for (int i = 0; i < 10; i++) {
            ledger.offer(items.create(1));
        }

        settings.set(new QueueBound(5));

        assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Rejected(RejectionReason.FULL));
        assertThat(ledger.snapshot().size()).isEqualTo(10);
        assertThat(mode.capacity()).hasValue(5);
    }

    @Test
    void concurrentOffersNeverOverfillTheQueue() throws Exception {
        ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);
        int threads = 8;
        int offersPerThread = 2_000;
        CountDownLatch startTogether = new CountDownLatch(1);
        List<Callable<Long>> offerers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            offerers.add(() -> {
                startTogether.await();
                long accepted = 0;
                for (int i = 0; i < offersPerThread; i++) {
                    if (ledger.offer(items.create(1)) instanceof Admission.Accepted) {
                        accepted++;
                    }
                }
                return accepted;
            });
        }

        long accepted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Long>> results = offerers.stream().map(pool::submit).toList();
            startTogether.countDown();
            for (Future<Long> result : results) {
                accepted += result.get();
            }
        }

        LedgerSnapshot books = ledger.snapshot();
        assertThat(accepted).isEqualTo(MAX);
        assertThat(books.size()).isEqualTo(MAX);
        assertThat(books.produced()).isEqualTo((long) threads * offersPerThread);
        assertThat(books.enqueued()).isEqualTo(MAX);
        assertThat(books.rejected()).isEqualTo((long) threads * offersPerThread - MAX);
        assertThat(ledger.totals().rejected(RejectionReason.FULL)).isEqualTo(books.rejected());
        Ledgers.assertBalanced(books);
    }

    private static List<Long> drain(ItemLedger ledger) throws InterruptedException {
        List<Long> drained = new ArrayList<>();
        while (ledger.size() > 0) {
            drained.add(Ledgers.deliverOne(ledger).item().id());
        }
        return drained;
    }
}
