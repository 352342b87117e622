package lab.backpressure.producer.queue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.LedgerSnapshot;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedModeTest {

    private static final int MAX = 100;

    private final ItemFactory items = new ItemFactory(Clock.systemUTC());

    @Test
    void plateausAtTheBoundAndRejectsTheNewItem() {
        BoundedMode mode = new BoundedMode(MAX);
        ItemQueue queue = new ItemQueue();
        List<WorkItem> first = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            WorkItem item = items.create(1);
            first.add(item);
            assertThat(mode.admit(item, queue)).isEqualTo(Admission.accepted());
        }

        for (int i = 0; i < 50; i++) {
            assertThat(mode.admit(items.create(1), queue)).isEqualTo(Admission.rejected(RejectionReason.QUEUE_FULL));
        }

        assertThat(queue.size()).isEqualTo(MAX);
        assertThat(drain(queue)).as("the queued items are the first ones, not the new ones").isEqualTo(first);
        assertThat(mode.capacity()).hasValue(MAX);
    }

    @Test
    void concurrentOffersNeverOverfillTheQueue() throws Exception {
        ItemLedger ledger = new ItemLedger(new ItemQueue(), new BoundedMode(MAX), Clock.systemUTC());
        int threads = 8;
        int offersPerThread = 2_000;
        CountDownLatch startTogether = new CountDownLatch(1);
        List<Callable<Long>> offerers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            offerers.add(() -> {
                startTogether.await();
                long accepted = 0;
                for (int i = 0; i < offersPerThread; i++) {
                    if (ledger.offer(items.create(1)) == Admission.accepted()) {
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
        assertThat(ledger.totals().rejected(RejectionReason.QUEUE_FULL)).isEqualTo(books.rejected());
    }

    private static List<WorkItem> drain(ItemQueue queue) {
        List<WorkItem> drained = new ArrayList<>();
        for (Optional<WorkItem> next = queue.pollFirst(); next.isPresent(); next = queue.pollFirst()) {
            drained.add(next.get());
        }
        return drained;
    }
}
