package lab.backpressure.producer.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.mode.Admission;
import lab.backpressure.producer.mode.Admitting;
import lab.backpressure.producer.mode.BoundedMode;
import lab.backpressure.producer.mode.DropReason;
import lab.backpressure.producer.mode.ItemQueue;
import lab.backpressure.producer.mode.QueueBound;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ItemLedgerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ItemFactory items = Items.factory(clock);
    private final BoundedMode boundedAtSix = new BoundedMode(TestSettings.of(new QueueBound(6)));
    private final ItemLedger ledger = Ledgers.ledger(clock, new UnboundedMode(), boundedAtSix);

    @Test
    void stampsTheEnqueueTimeOnAdmission() throws InterruptedException {
        WorkItem item = items.create(8);
        assertThat(item.enqueuedAt()).isEqualTo(WorkItem.NOT_ENQUEUED);

        ledger.offer(item);
        TakenItem taken = Ledgers.takeOne(ledger);

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

        TakenItem delivered = Ledgers.takeOne(ledger);
        assertThat(ledger.snapshot().inFlight()).isEqualTo(1);
        assertIdentities();
        ledger.delivered(List.of(delivered));
        Ledgers.takeOne(ledger);
        ledger.refused(1);
        TakenItem retried = Ledgers.takeOne(ledger);
        ledger.attemptFailed(1);
        assertIdentities();
        ledger.putBack(List.of(retried));
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
        TakenItem first = Ledgers.takeOne(ledger);

        ledger.putBack(List.of(first));

        assertThat(Ledgers.takeOne(ledger).item()).isEqualTo(first.item());
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

        listened.attemptThrottled(1);
        listened.switchMode(boundedAtSix);
        listened.attemptThrottled(1);

        assertThat(heard).containsExactly(NOW.toEpochMilli());
        assertThat(listened.snapshot().throttled()).isEqualTo(2);
    }

    @Test
    void takeWaitsForTheNextItem() {
        CompletableFuture<TakenItem> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return Ledgers.takeOne(ledger);
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

    @Test
    void aBatchLeavesTheHeadInOneStepAndIsSettledItemByItemByCount() throws InterruptedException {
        offer(12);

        TakenBatch batch = ledger.take(5, Duration.ZERO);

        assertThat(batch.workItems()).extracting(WorkItem::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(batch.items()).allSatisfy(taken -> assertThat(taken.queueSize()).isEqualTo(7));
        assertThat(ledger.snapshot()).extracting(LedgerSnapshot::size, LedgerSnapshot::inFlight)
                .containsExactly(7, 5L);
        assertIdentities();
        ledger.delivered(batch.items().subList(0, 3));
        ledger.attemptFailed(2);
        assertThat(ledger.snapshot()).extracting(LedgerSnapshot::sent, LedgerSnapshot::inFlight,
                LedgerSnapshot::failedAttempts).containsExactly(3L, 2L, 2L);
        assertIdentities();
        ledger.refused(2);
        assertIdentities();

        TakenBatch rest = ledger.take(20, Duration.ZERO);

        assertThat(rest.workItems()).extracting(WorkItem::id).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(rest.queueSize()).isZero();
        assertThat(ledger.snapshot()).extracting(LedgerSnapshot::size, LedgerSnapshot::inFlight, LedgerSnapshot::sent,
                LedgerSnapshot::failed, LedgerSnapshot::memoryBytes).containsExactly(0, 7L, 3L, 2L, 0L);
        assertIdentities();
    }

    @Test
    void batchesTakenConcurrentlyNeverShareOrSplitAnItemAndTheBooksBalanceAtEverySnapshot() throws Exception {
        int takers = 4;
        int total = 2_000;
        List<TakenBatch> batches = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < takers; i++) {
                threads.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        TakenBatch batch = ledger.take(7, Duration.ZERO);
                        batches.add(batch);
                        ledger.delivered(batch.items());
                    }
                    return null;
                });
            }
            for (int i = 0; i < total; i++) {
                ledger.offer(items.create(8));
                assertIdentities();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.snapshot().sent() == total);
            threads.shutdownNow();
        }

        List<Long> ids = batches.stream().flatMap(batch -> batch.workItems().stream()).map(WorkItem::id).toList();
        assertThat(ids).as("every item taken exactly once").hasSize(total).doesNotHaveDuplicates();
        assertThat(batches).as("a batch is a run of consecutive items: no other take got between them")
                .allSatisfy(batch -> {
                    List<Long> run = batch.workItems().stream().map(WorkItem::id).toList();
                    assertThat(run.getLast() - run.getFirst()).isEqualTo(run.size() - 1);
                    assertThat(run.size()).isBetween(1, 7);
                });
        assertThat(ledger.snapshot().inFlight()).isZero();
        assertIdentities();
    }

    @Test
    void aLingeringTakeWaitsForMoreAndReturnsAsSoonAsTheBatchIsFull() {
        offer(1);
        CompletableFuture<TakenBatch> lingering = takeAsync(5, Duration.ofSeconds(30));
        await("the take lingers for a fuller batch").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !lingering.isDone());
        assertThat(ledger.snapshot().size()).as("nothing has left the queue yet").isEqualTo(1);

        offer(4);

        await("back long before the 30 s linger is over").atMost(Duration.ofSeconds(5)).until(lingering::isDone);
        assertThat(lingering.join().workItems()).extracting(WorkItem::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertIdentities();
    }

    @Test
    void aLingerThatEndsTakesWhatIsQueued() throws InterruptedException {
        Duration linger = Duration.ofMillis(300);
        offer(2);
        long start = System.nanoTime();

        TakenBatch batch = ledger.take(5, linger);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited out its linger")
                .isGreaterThanOrEqualTo(linger);
        assertThat(batch.workItems()).extracting(WorkItem::id).containsExactly(1L, 2L);
        assertIdentities();
    }

    @Test
    void aBatchPutBackReturnsWholeToTheHeadInItsOrder() throws InterruptedException {
        offer(6);
        TakenBatch batch = ledger.take(4, Duration.ZERO);

        ledger.putBack(batch.items());

        assertThat(ledger.snapshot()).extracting(LedgerSnapshot::size, LedgerSnapshot::inFlight).containsExactly(6, 0L);
        assertIdentities();
        assertThat(ledger.take(6, Duration.ZERO).workItems()).extracting(WorkItem::id)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aBatchIsCriticalWhenAnyOfItsItemsIs() throws InterruptedException {
        ItemLedger marked = Ledgers.ledger(clock, new UnboundedMode());
        ItemFactory everyFourth = Items.factory(clock, 0.25);
        for (int i = 0; i < 8; i++) {
            marked.offer(everyFourth.create(8));
        }

        assertThat(marked.take(3, Duration.ZERO).priority()).as("items 1-3").isEqualTo(ItemPriority.SHEDDABLE);
        TakenBatch withItemFour = marked.take(3, Duration.ZERO);
        assertThat(withItemFour.items()).extracting(TakenItem::priority)
                .containsExactly(ItemPriority.CRITICAL, ItemPriority.SHEDDABLE, ItemPriority.SHEDDABLE);
        assertThat(withItemFour.priority()).as("items 4-6").isEqualTo(ItemPriority.CRITICAL);
    }

    private void offer(int count) {
        for (int i = 0; i < count; i++) {
            ledger.offer(items.create(8));
        }
    }

    private CompletableFuture<TakenBatch> takeAsync(int max, Duration linger) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.take(max, linger);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void withDropPastDeadlineAnItemTakenAfterItsClientDeadlineIsDroppedTheOthersTaken() throws InterruptedException {
        MutableClock moving = new MutableClock();
        ItemFactory made = Items.factory(moving);
        List<DropReason> heard = new CopyOnWriteArrayList<>();
        boolean[] dropping = {true};
        ItemLedger dropper = Ledgers.ledger(moving, (item, reason, at) -> heard.add(reason), () -> dropping[0],
                new UnboundedMode());
        dropper.offer(made.create(8, 100));
        dropper.offer(made.create(8, 300));
        dropper.offer(made.create(8));
        dropper.offer(made.create(8, 100));

        moving.advance(Duration.ofMillis(100));
        assertThat(Ledgers.takeOne(dropper).item().id()).as("at its deadline: still in time").isEqualTo(1);
        moving.advance(Duration.ofMillis(1));
        assertThat(dropper.poll(2, Duration.ZERO).orElseThrow().workItems()).extracting(WorkItem::id)
                .as("a batch is judged item by item").containsExactly(2L, 3L);
        assertThat(dropper.poll(1, Duration.ZERO)).as("item 4, past its deadline").isEmpty();

        assertThat(dropper.totals().dropped(ItemLedger.CLIENT_DEADLINE)).isEqualTo(1);
        assertThat(heard).containsExactly(ItemLedger.CLIENT_DEADLINE);
        dropping[0] = false;
        dropper.offer(made.create(8, 1));
        moving.advance(Duration.ofMillis(5));
        assertThat(Ledgers.takeOne(dropper).item().deadlineAt()).as("off: sent however late").isPositive();
        assertThat(dropper.totals().dropped(ItemLedger.CLIENT_DEADLINE)).isEqualTo(1);
        Ledgers.assertBalanced(dropper.snapshot());
    }

    @Test
    void anItemExpiredAtTheConsumerIsDroppedAndLeavesTheFlight() throws InterruptedException {
        ledger.offer(items.create(8, 50));

        ledger.expiredAtConsumer(List.of(Ledgers.takeOne(ledger)));

        assertThat(ledger.snapshot().inFlight()).isZero();
        assertThat(ledger.snapshot().dropped()).isEqualTo(1);
        assertThat(ledger.totals().dropped(ItemLedger.EXPIRED_AT_CONSUMER)).isEqualTo(1);
        assertThat(ledger.snapshot().sent()).isZero();
        assertIdentities();
    }

    private void assertIdentities() {
        Ledgers.assertBalanced(ledger.snapshot());
    }
}
