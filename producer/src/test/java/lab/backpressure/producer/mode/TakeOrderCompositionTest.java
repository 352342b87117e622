package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.PausedProducerTest;
import lab.backpressure.support.settings.Settings;
import lab.backpressure.support.settings.SettingsUpdater;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered take order with every registered queue mode, the beans of the running producer at its start-up
 * settings, each pair on a ledger of its own with a fake clock, one item in five critical: the identities hold,
 * whatever a mode drops is the oldest, and the order alone decides which items are taken: from which end, or
 * critical ones first, oldest first within each class.
 */
@PausedProducerTest
class TakeOrderCompositionTest {

    private static final int ITEMS = 150;
    private static final Duration APART = Duration.ofMillis(10);
    private static final int TAKES = 10;
    private static final double CRITICAL_SHARE = 0.2;

    @Autowired
    private QueueModes modes;
    @Autowired
    private TakeOrders orders;
    @Autowired
    private Settings settings;
    @Autowired
    private ItemLedger running;
    @Autowired
    private SettingsUpdater updater;

    @Test
    void everyOrderComposesWithEveryModeAndModesEvictTheOldest() throws InterruptedException {
        // the context is shared with tests that leave their settings behind (a deadline of 750 ms, a bound of 5)
        updater.reset();
        assertThat(modes.all()).hasSizeGreaterThan(5);
        assertThat(orders.names()).contains("fifo", "lifo", "adaptive_lifo", "priority");
        for (QueueMode mode : modes.all()) {
            for (TakeOrder order : orders.all()) {
                try {
                    composes(mode, order);
                } finally {
                    if (mode != running.mode()) {
                        mode.deactivate();
                    }
                }
            }
        }
    }

    private void composes(QueueMode mode, TakeOrder order) throws InterruptedException {
        String pair = mode.name() + " + " + order.name();
        MutableClock clock = new MutableClock();
        ItemFactory items = Items.factory(clock, CRITICAL_SHARE);
        List<Long> dropped = new ArrayList<>();
        ItemLedger ledger = Ledgers.ledger(clock, (item, reason, at) -> dropped.add(item.id()), mode);
        ledger.takeIn(order);
        List<Long> accepted = new ArrayList<>();
        Set<Long> critical = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            WorkItem item = items.create(1);
            if (ledger.offer(item) instanceof Admission.Accepted) {
                accepted.add(item.id());
            }
            if (item.critical()) {
                critical.add(item.id());
            }
            clock.advance(APART);
        }
        // past the deadline mode's deadline for the first items queued, not for the last ones
        long deadlineMs = settings.get(DeadlineMode.Deadline.class).deadlineMs();
        clock.advance(Duration.ofMillis(deadlineMs + 600).minus(APART.multipliedBy(ITEMS)));

        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < TAKES; i++) {
            Optional<TakenBatch> batch = ledger.poll(1, Duration.ZERO);
            batch.ifPresent(one -> taken.add(one.first().item().id()));
        }

        Ledgers.assertBalanced(ledger.snapshot());
        assertThat(dropped).as("%s drops the oldest queued items", pair)
                .isEqualTo(accepted.subList(0, dropped.size()));
        if (mode.dropReasons().contains(DropOldestMode.OLDEST) || mode.dropReasons().contains(DeadlineMode.EXPIRED)) {
            assertThat(dropped).as("%s evicts in this run", pair).isNotEmpty();
        }
        List<Long> remaining = accepted.subList(dropped.size(), accepted.size());
        // a mode that admits fewer than TAKES (token_bucket, its bucket emptied by the order before) is taken whole
        int takes = Math.min(TAKES, remaining.size());
        assertThat(takes).as("%s queues something to take", pair).isPositive();
        List<Long> expected;
        if (order.name().equals(PriorityOrder.NAME)) {
            Map<Boolean, List<Long>> byClass = remaining.stream().collect(Collectors.partitioningBy(critical::contains));
            assertThat(byClass.get(true)).as("%s queues critical items to take first", pair).isNotEmpty();
            expected = Stream.concat(byClass.get(true).stream(), byClass.get(false).stream()).limit(takes).toList();
        } else {
            expected = order.lifoActive() ? remaining.reversed().subList(0, takes) : remaining.subList(0, takes);
        }
        assertThat(taken).as("%s takes %s", pair, order.name().equals(PriorityOrder.NAME) ? "critical items first"
                : order.lifoActive() ? "from the newest end" : "from the oldest end").isEqualTo(expected);
    }
}
