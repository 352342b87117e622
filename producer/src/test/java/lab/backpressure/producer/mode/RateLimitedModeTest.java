package lab.backpressure.producer.mode;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedModeTest {

    /** One permit per 100 s: within a test, only the first permit is ever available. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings settings = TestSettings.of(new RateLimitedMode.Limit(ONE_PER_HUNDRED_SECONDS));
    private final RateLimitedMode mode = new RateLimitedMode(settings, registry);
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);

    @Test
    void holdsTheGeneratorToTheLimitAndRecordsEveryWait() throws InterruptedException {
        settings.set(new RateLimitedMode.Limit(20));
        long start = System.nanoTime();
        Duration heldBack = Duration.ZERO;

        // the first permit is there at once; the next ten come one per 1/20 s
        for (int i = 0; i < 11; i++) {
            heldBack = heldBack.plus(mode.awaitProductionPermit(ledger).orElseThrow());
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(Duration.ofMillis(450), Duration.ofMillis(900));
        assertThat(heldBack).as("the time held back is reported").isBetween(Duration.ofMillis(400), elapsed);
        assertThat(registry.get("producer.rate.limit.wait").timer().count()).isEqualTo(11);
        assertThat(mode.rateLimit()).hasValue(20);
    }

    @Test
    void aFreePermitHoldsNothingBack() throws InterruptedException {
        assertThat(mode.awaitProductionPermit(ledger)).contains(Duration.ZERO);
    }

    @Test
    void aBurstGetsOnlyThePermitsAvailableNowAndTheRestIsRejected() {
        long accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(ledger.totals().rejected(RateLimitedMode.RATE_LIMITED)).isEqualTo(49);
        assertThat(ledger.snapshot().produced()).isEqualTo(50);
        assertThat(ledger.snapshot().size()).isEqualTo(1);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void generatedItemsAreAllTakenIn() {
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Accepted(0));
        }

        assertThat(ledger.snapshot().size()).isEqualTo(10);
        assertThat(mode.rateLimit()).hasValue(ONE_PER_HUNDRED_SECONDS);
        assertThat(mode.capacity()).isEmpty();
    }
}
