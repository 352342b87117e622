package lab.backpressure.producer.queue;

import java.time.Clock;

import lab.backpressure.producer.item.ItemFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnboundedModeTest {

    private final ItemFactory items = new ItemFactory(Clock.systemUTC());

    @Test
    void acceptsEveryItemAndNeverHoldsProductionBack() throws InterruptedException {
        UnboundedMode mode = new UnboundedMode();
        ItemQueue queue = new ItemQueue();

        for (int i = 0; i < 10_000; i++) {
            assertThat(mode.admit(items.create(1), queue)).isEqualTo(Admission.accepted());
        }

        assertThat(queue.size()).isEqualTo(10_000);
        assertThat(mode.awaitProductionPermit()).isEmpty();
        assertThat(mode.tryBurstPermit()).isTrue();
        assertThat(mode.capacity()).isEmpty();
        assertThat(mode.rateLimit()).isEmpty();
    }
}
