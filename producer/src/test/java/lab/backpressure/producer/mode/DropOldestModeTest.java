package lab.backpressure.producer.mode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DropOldestModeTest {

    private static final int MAX = 10;

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final TestSettings settings = TestSettings.of(new QueueBound(MAX));
    private final DropOldestMode mode = new DropOldestMode(settings);
    private final List<Long> dropped = new ArrayList<>();
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(),
            (item, reason, at) -> dropped.add(item.id()), new UnboundedMode(), mode);

    @Test
    void whenFullItEvictsTheOldestAndKeepsTheNewestItems() throws InterruptedException {
        ledger.switchMode(mode);
        List<Long> offered = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            WorkItem item = items.create(1);
            offered.add(item.id());
            assertThat(ledger.offer(item)).isEqualTo(new Admission.Accepted(i < MAX ? 0 : 1));
        }

        assertThat(ledger.snapshot().size()).isEqualTo(MAX);
        assertThat(ledger.totals().dropped(DropOldestMode.OLDEST)).isEqualTo(15);
        assertThat(dropped).as("the drops reach the listener, oldest first").isEqualTo(offered.subList(0, 15));
        assertThat(Ledgers.takeOne(ledger).item().id()).as("the head is the 16th item").isEqualTo(offered.get(15));
        assertThat(ledger.totals().rejected()).isZero();
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void switchingFromALongerQueueTrimsItToTheBoundAtTheNextItem() {
        for (int i = 0; i < 30; i++) {
            ledger.offer(items.create(1));
        }

        ledger.switchMode(mode);
        Admission admission = ledger.offerBurstItem(items.create(1));

        assertThat(admission).isEqualTo(new Admission.Accepted(21));
        assertThat(ledger.snapshot().size()).isEqualTo(MAX);
        assertThat(mode.capacity()).hasValue(MAX);
        Ledgers.assertBalanced(ledger.snapshot());
    }
}
