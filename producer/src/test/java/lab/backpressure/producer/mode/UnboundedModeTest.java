package lab.backpressure.producer.mode;

import java.time.Clock;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnboundedModeTest {

    private final UnboundedMode mode = new UnboundedMode();
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);
    private final ItemFactory items = Items.factory(Clock.systemUTC());

    @Test
    void takesEveryItemAndNeverHoldsProductionBack() throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Accepted(0));
            assertThat(ledger.offerBurstItem(items.create(1))).isEqualTo(new Admission.Accepted(0));
        }

        assertThat(ledger.snapshot().size()).isEqualTo(2000);
        assertThat(mode.awaitProductionPermit(ledger)).isEmpty();
        assertThat(mode.capacity()).isEmpty();
        assertThat(mode.rateLimit()).isEmpty();
    }
}
