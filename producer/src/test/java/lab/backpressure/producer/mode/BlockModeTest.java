package lab.backpressure.producer.mode;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockModeTest {

    private static final int MAX = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings settings = TestSettings.of(new QueueBound(MAX), new BlockMode.Timeout(60_000));
    private final BlockMode mode = new BlockMode(settings, registry);
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);

    @Test
    void withSpaceTheGeneratorGoesOnAtOnce() throws InterruptedException {
        assertThat(mode.awaitProductionPermit(ledger)).contains(Duration.ZERO);
        assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Accepted(0));
    }

    @Test
    void whenFullTheGeneratorWaitsUntilAnItemLeavesAndNothingIsLost() throws InterruptedException {
        fill();
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(this::permit);

        await("the generator stays blocked while the queue is full").during(Duration.ofMillis(300))
                .atMost(PATIENCE).until(() -> !waiting.isDone());
        assertThat(mode.status()).containsEntry("blocked", true);
        Ledgers.deliverOne(ledger);

        assertThat(waiting.join()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Accepted(0));
        assertThat(ledger.totals().rejected()).isZero();
        assertThat(mode.status()).containsEntry("blocked", false);
        assertThat(registry.get("producer.block.wait").timer().count()).isEqualTo(1);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void anItemStillWithoutSpaceAfterTheTimeoutIsRejected() throws InterruptedException {
        settings.set(new BlockMode.Timeout(200));
        fill();

        Duration waited = mode.awaitProductionPermit(ledger).orElseThrow();

        assertThat(waited).isBetween(Duration.ofMillis(190), Duration.ofSeconds(3));
        assertThat(ledger.offer(items.create(1))).isEqualTo(new Admission.Rejected(BlockMode.BLOCK_TIMEOUT));
        assertThat(registry.get("producer.block.wait").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(190);
    }

    @Test
    void burstItemsNeverWaitAndAreRejectedAsFullBeyondTheFreeSpace() {
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted ? 1 : 0;
        }

        assertThat(accepted).isEqualTo(MAX);
        assertThat(ledger.totals().rejected(RejectionReason.FULL)).isEqualTo(7);
        assertThat(mode.status()).containsEntry("block_timeout_ms", 60_000L);
    }

    private void fill() {
        for (int i = 0; i < MAX; i++) {
            ledger.offer(items.create(1));
        }
    }

    private Duration permit() {
        try {
            return mode.awaitProductionPermit(ledger).orElseThrow();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
