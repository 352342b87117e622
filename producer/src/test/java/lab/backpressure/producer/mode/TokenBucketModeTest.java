package lab.backpressure.producer.mode;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketModeTest {

    /** One token per 100 s: within a test, the bucket gains nothing. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;
    private static final int CAPACITY = 20;

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings settings = TestSettings.of(
            new TokenBucketMode.Bucket(CAPACITY, ONE_PER_HUNDRED_SECONDS));
    private final TokenBucketMode mode = new TokenBucketMode(settings);
    private final UnboundedMode unbounded = new UnboundedMode();
    private final ItemLedger ledger;

    TokenBucketModeTest() {
        mode.bindTo(registry);
        ledger = Ledgers.ledger(Clock.systemUTC(), mode, unbounded);
    }

    @Test
    void aBurstTakesTheTokensOfAFullBucketAndTheRestIsRejectedAsNoTokens() {
        long accepted = burst(50);

        assertThat(accepted).isEqualTo(CAPACITY);
        assertThat(ledger.totals().rejected(TokenBucketMode.NO_TOKENS)).isEqualTo(30);
        assertThat(ledger.snapshot().produced()).isEqualTo(50);
        assertThat(ledger.snapshot().size()).isEqualTo(CAPACITY);
        Ledgers.assertBalanced(ledger.snapshot());
        assertThat(mode.status()).containsEntry("tokens_available", 0L).containsEntry("bucket_capacity", CAPACITY)
                .containsEntry("refill_per_second", ONE_PER_HUNDRED_SECONDS);
    }

    @Test
    void theGeneratorSpendsTheBucketThenWaitsForTheRefill() throws InterruptedException {
        settings.set(new TokenBucketMode.Bucket(5, 20));
        long start = System.nanoTime();
        Duration heldBack = Duration.ZERO;

        // five tokens are there at once; the next ten come one per 1/20 s
        for (int i = 0; i < 15; i++) {
            heldBack = heldBack.plus(mode.awaitProductionPermit(ledger).orElseThrow());
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(Duration.ofMillis(450), Duration.ofMillis(900));
        assertThat(heldBack).as("the time held back is reported").isBetween(Duration.ofMillis(400), elapsed);
        assertThat(burst(10)).as("the generator took every token").isZero();
    }

    @Test
    void theBucketIsFullAgainWhenTheModeIsSwitchedBackTo() {
        burst(CAPACITY);
        assertThat(registry.get("producer.token.bucket.tokens").gauge().value()).isZero();

        ledger.switchMode(unbounded);
        assertThat(registry.get("producer.token.bucket.tokens").gauge().value()).as("another mode decides").isEqualTo(-1);
        ledger.switchMode(mode);

        assertThat(registry.get("producer.token.bucket.tokens").gauge().value()).isEqualTo(CAPACITY);
        assertThat(burst(CAPACITY + 1)).isEqualTo(CAPACITY);
    }

    private long burst(int count) {
        long accepted = 0;
        for (int i = 0; i < count; i++) {
            if (ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted) {
                accepted++;
            }
        }
        return accepted;
    }
}
