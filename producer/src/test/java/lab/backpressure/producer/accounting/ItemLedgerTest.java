package lab.backpressure.producer.accounting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.queue.Admission;
import lab.backpressure.producer.queue.Admitting;
import lab.backpressure.producer.queue.BoundedMode;
import lab.backpressure.producer.queue.DropReason;
import lab.backpressure.producer.queue.ItemQueue;
import lab.backpressure.producer.queue.QueueBound;
import lab.backpressure.producer.queue.QueueMode;
import lab.backpressure.producer.queue.UnboundedMode;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ItemLedgerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ItemFactory items = new ItemFactory(clock);
    private final BoundedMode boundedAtSix = new BoundedMode(TestSettings.of(new QueueBound(6)));
    private final ItemLedger ledger = Ledgers.ledger(clock, new UnboundedMode(), boundedAtSix);

    @Test
    void stampsTheEnqueueTimeOnAdmission() throws InterruptedException {
        WorkItem item = items.create(8);
        assertThat(item.enqueuedAt()).isEqualTo(WorkItem.NOT_ENQUEUED);

        ledger.offer(item);
        TakenItem taken = ledger.take();

        assertThat(taken.item().id()).isEqualTo(item.id());
        assertThat(taken.item().enqueuedAt()).isEqualTo(NOW.toEpochMilli());
        assertThat(taken.queueWait()).isEqualTo(Duration.ZERO);
        assertThat(taken.mode()).isEqualTo("unbounded");
    }

    @Test
    void everyTransitionKeepsTheIdentities() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            ledger.offer(items.create(8));
        }
        ledger.switchMode(boundedAtSix);
        ledger.offer(items.create(8));
        assertIdentities();

        TakenItem delivered = ledger.take();
        assertThat(ledger.snapshot().inFlight()).isEqualTo(1);
        assertIdentities();
        ledger.delivered();
        ledger.take();
        ledger.refused();
        TakenItem retried = ledger.take();
        ledger.attemptFailed();
        assertIdentities();
        ledger.putBack(retried);
        assertIdentities();
        int cleared = ledger.clear();

        LedgerSnapshot books = ledger.snapshot();
        assertThat(delivered.queueSize()).isEqualTo(5);
        assertThat(cleared).isEqualTo(4);
        assertThat(books).extracting(LedgerSnapshot::produced, LedgerSnapshot::enqueued, LedgerSnapshot::rejected,
                        LedgerSnapshot::sent, LedgerSnapshot::failed, LedgerSnapshot::dropped, LedgerSnapshot::size,
                        LedgerSnapshot::inFlight, LedgerSnapshot::failedAttempts)
                .containsExactly(7L, 6L, 1L, 1L, 1L, 4L, 0, 0L, 1L);
        assertThat(ledger.totals().dropped(DropReason.CLEARED)).isEqualTo(4);
        assertIdentities();
    }

    @Test
    void anItemPutBackIsTakenAgainFirst() throws InterruptedException {
        ledger.offer(items.create(8));
        ledger.offer(items.create(8));
        TakenItem first = ledger.take();

        ledger.putBack(first);

        assertThat(ledger.take().item()).isEqualTo(first.item());
        assertThat(ledger.snapshot().memoryBytes()).isEqualTo(ItemQueue.footprint(first.item()));
    }

    @Test
    void aThrottleIsCountedAndToldToTheCurrentModeOnlyAtTheLedgersTime() {
        List<Long> heard = new ArrayList<>();
        QueueMode listening = new QueueMode() {
            @Override
            public String name() {
                return "listening";
            }

            @Override
            public Admission admit(Admitting item) {
                return item.append();
            }

            @Override
            public void throttled(long now) {
                heard.add(now);
            }
        };
        ItemLedger listened = Ledgers.ledger(clock, listening, boundedAtSix);

        listened.attemptThrottled();
        listened.switchMode(boundedAtSix);
        listened.attemptThrottled();

        assertThat(heard).containsExactly(NOW.toEpochMilli());
        assertThat(listened.snapshot().throttled()).isEqualTo(2);
    }

    @Test
    void takeWaitsForTheNextItem() {
        CompletableFuture<TakenItem> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("take stays blocked on an empty queue").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !waiting.isDone());

        WorkItem item = items.create(8);
        ledger.offer(item);

        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        assertThat(waiting.join().item().id()).isEqualTo(item.id());
    }

    private void assertIdentities() {
        Ledgers.assertBalanced(ledger.snapshot());
    }
}
