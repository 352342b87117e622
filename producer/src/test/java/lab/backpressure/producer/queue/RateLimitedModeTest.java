package lab.backpressure.producer.queue;

import java.time.Clock;
import java.time.Duration;

import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedModeTest {

    /** One permit per 100 s: within a test, only the first permit is ever available. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;

    private final ItemFactory items = new ItemFactory(Clock.systemUTC());

    @Test
    void holdsTheGeneratorToTheLimit() throws InterruptedException {
        RateLimitedMode mode = new RateLimitedMode(20);
        long start = System.nanoTime();
        Duration heldBack = Duration.ZERO;

        // the first permit is there at once; the next ten come one per 1/20 s
        for (int i = 0; i < 11; i++) {
            heldBack = heldBack.plus(mode.awaitProductionPermit().orElseThrow());
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(Duration.ofMillis(450), Duration.ofMillis(900));
        assertThat(heldBack).as("the time held back is reported").isBetween(Duration.ofMillis(400), elapsed);
    }

    @Test
    void aFreePermitHoldsNothingBack() throws InterruptedException {
        RateLimitedMode mode = new RateLimitedMode(ONE_PER_HUNDRED_SECONDS);

        assertThat(mode.awaitProductionPermit()).contains(Duration.ZERO);
    }

    @Test
    void aBurstGetsOnlyThePermitsAvailableNowAndTheRestIsRejected() {
        RateLimitedMode mode = new RateLimitedMode(ONE_PER_HUNDRED_SECONDS);
        ItemLedger ledger = new ItemLedger(new ItemQueue(), mode, Clock.systemUTC());

        long accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (ledger.offerBurstItem(items.create(1)) == Admission.accepted()) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(ledger.totals().rejected(RejectionReason.RATE_LIMITED)).isEqualTo(49);
        assertThat(ledger.snapshot().produced()).isEqualTo(50);
        assertThat(ledger.snapshot().size()).isEqualTo(1);
    }

    @Test
    void generatedItemsAreAllTakenIn() {
        RateLimitedMode mode = new RateLimitedMode(ONE_PER_HUNDRED_SECONDS);
        ItemQueue queue = new ItemQueue();

        for (int i = 0; i < 10; i++) {
            assertThat(mode.admit(items.create(1), queue)).isEqualTo(Admission.accepted());
        }

        assertThat(queue.size()).isEqualTo(10);
        assertThat(mode.rateLimit()).hasValue(ONE_PER_HUNDRED_SECONDS);
        assertThat(mode.capacity()).isEmpty();
    }
}
