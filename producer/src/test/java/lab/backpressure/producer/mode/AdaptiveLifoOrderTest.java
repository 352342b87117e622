package lab.backpressure.producer.mode;

import java.time.Duration;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLifoOrderTest {

    private static final long LIFO_AFTER_MS = 300;

    private final MutableClock clock = new MutableClock();
    private final ItemFactory items = Items.factory(clock);
    private final AdaptiveLifoOrder order = new AdaptiveLifoOrder(TestSettings.of(new AdaptiveLifoOrder.LifoAfter(LIFO_AFTER_MS)));
    private final ItemLedger ledger = Ledgers.ledger(clock, new UnboundedMode());

    @Test
    void takesTheOldestWhileTheQueueDrainsAndTheNewestOnceItHasStoodForLifoAfter() throws InterruptedException {
        ledger.takeIn(order);
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(LIFO_AFTER_MS - 1));

        assertThat(Ledgers.takeOne(ledger).item().id()).as("non-empty for 299 ms: first in, first out").isEqualTo(1);
        assertThat(order.lifoActive()).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(Ledgers.takeOne(ledger).item().id()).as("standing for 300 ms: the newest first").isEqualTo(3);
        assertThat(order.lifoActive()).isTrue();
        assertThat(Ledgers.takeOne(ledger).item().id()).isEqualTo(2);

        Ledgers.drainWithAWaitingWorker(ledger);
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(100));

        assertThat(Ledgers.takeOne(ledger).item().id()).as("a worker waited on the empty queue: first in, first out again").isEqualTo(4);
        assertThat(order.lifoActive()).isFalse();
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void lifoAfterMayBeZeroButNotNegative() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            assertThat(validation.getValidator().validate(new AdaptiveLifoOrder.LifoAfter(-1))).hasSize(1);
            assertThat(validation.getValidator().validate(new AdaptiveLifoOrder.LifoAfter(0))).isEmpty();
        }
    }
}
