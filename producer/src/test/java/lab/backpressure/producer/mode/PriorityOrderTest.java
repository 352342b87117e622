package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.item.Criticality;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityOrderTest {

    private final MutableClock clock = new MutableClock();
    private final ItemLedger ledger = Ledgers.ledger(clock, new UnboundedMode());
    /** Items 4, 8, ... critical. */
    private final ItemFactory everyFourth = Items.factory(clock, 0.25);

    @BeforeEach
    void takeByPriority() {
        ledger.takeIn(new PriorityOrder());
    }

    @Test
    void takesCriticalItemsFirstAndEachClassFirstInFirstOut() throws InterruptedException {
        for (int i = 0; i < 9; i++) {
            ledger.offer(everyFourth.create(1));
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(takeAll()).extracting(taken -> taken.item().id()).containsExactly(4L, 8L, 1L, 2L, 3L, 5L, 6L, 7L, 9L);
        assertThat(ledger.queueMemoryBytes()).as("the queue's memory follows takes from its middle").isZero();
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void anItemKeepsTheClassItWasCreatedWithWhateverTheShareIsWhenItIsTaken() throws InterruptedException {
        TestSettings settings = TestSettings.of(new Criticality(0.5));
        ItemFactory items = new ItemFactory(clock, settings);
        for (int i = 0; i < 4; i++) {
            ledger.offer(items.create(1)); // 2 and 4 critical
        }
        settings.set(new Criticality(0));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        settings.set(new Criticality(1));

        List<TakenItem> taken = takeAll();

        assertThat(taken).extracting(one -> one.item().id()).containsExactly(2L, 4L, 1L, 3L, 5L, 6L);
        assertThat(taken).extracting(TakenItem::priority).containsExactly(ItemPriority.CRITICAL, ItemPriority.CRITICAL,
                ItemPriority.SHEDDABLE, ItemPriority.SHEDDABLE, ItemPriority.SHEDDABLE, ItemPriority.SHEDDABLE);
    }

    @Test
    void aCriticalItemPutBackIsStillTakenBeforeTheSheddableOnes() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            ledger.offer(everyFourth.create(1));
        }
        TakenItem critical = Ledgers.takeOne(ledger);
        assertThat(critical.item().id()).isEqualTo(4);

        ledger.putBack(List.of(critical));

        assertThat(takeAll()).extracting(taken -> taken.item().id()).containsExactly(4L, 1L, 2L, 3L, 5L, 6L);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    /**
     * The handout's overload, on the fake clock: 10 items/s in, one in five critical, and a consumer that takes one
     * item every 200 ms (5/s, the handout's consumer slowed down twice). Critical items arrive at 2/s, well within
     * what the consumer takes, so each waits at most one take; the sheddable ones queue behind them and wait ever
     * longer. First in, first out, both classes wait alike.
     */
    @Test
    void underOverloadCriticalWaitsStayShortWhileSheddableOnesGrow() throws InterruptedException {
        List<TakenItem> prioritised = takenUnderOverload(new PriorityOrder());
        assertThat(longestWait(prioritised, ItemPriority.CRITICAL)).as("critical: at most one take apart")
                .isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(longestWait(prioritised, ItemPriority.SHEDDABLE)).as("sheddable: the queue grows by 5 items/s")
                .isGreaterThan(Duration.ofSeconds(10));
        assertThat(longestWait(takenUnderOverload(TakeOrder.FIFO), ItemPriority.CRITICAL))
                .as("first in, first out, a critical item waits for the whole queue ahead of it")
                .isGreaterThan(Duration.ofSeconds(10));
    }

    /** 60 s of the overload above, in steps of 100 ms; the items delivered, in order. */
    private static List<TakenItem> takenUnderOverload(TakeOrder order) throws InterruptedException {
        MutableClock overload = new MutableClock();
        ItemLedger queue = Ledgers.ledger(overload, new UnboundedMode());
        queue.takeIn(order);
        ItemFactory oneInFive = Items.factory(overload, 0.2);
        List<TakenItem> taken = new ArrayList<>();
        for (int tick = 1; tick <= 600; tick++) {
            queue.offer(oneInFive.create(1));
            overload.advance(Duration.ofMillis(100));
            if (tick % 2 == 0) {
                taken.add(Ledgers.deliverOne(queue));
            }
        }
        Ledgers.assertBalanced(queue.snapshot());
        return taken;
    }

    private static Duration longestWait(List<TakenItem> taken, ItemPriority priority) {
        return taken.stream().filter(one -> one.priority() == priority).map(TakenItem::queueWait)
                .max(Duration::compareTo).orElseThrow();
    }

    private List<TakenItem> takeAll() throws InterruptedException {
        List<TakenItem> taken = new ArrayList<>();
        while (ledger.size() > 0) {
            taken.add(Ledgers.takeOne(ledger));
        }
        return taken;
    }
}
