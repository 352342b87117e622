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
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WatermarkModeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final ItemFactory items = Items.factory(Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WatermarkMode mode = new WatermarkMode(TestSettings.of(new WatermarkMode.Marks(5, 2)));
    private final ItemLedger ledger = Ledgers.ledger(Clock.systemUTC(), mode);

    WatermarkModeTest() {
        mode.bindTo(registry);
    }

    @Test
    void pausesAtTheHighMarkAndResumesOnlyAtTheLowMark() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            assertThat(mode.awaitProductionPermit(ledger)).contains(Duration.ZERO);
            ledger.offer(items.create(1));
        }
        assertThat(registry.get("producer.paused").gauge().value()).isEqualTo(1);
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(this::permit);

        takeOne();
        takeOne();
        await("still paused above the low mark, at 3 of high 5 and low 2").during(Duration.ofMillis(300))
                .atMost(PATIENCE).until(() -> !waiting.isDone());
        takeOne();

        assertThat(waiting.join()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(registry.get("producer.paused").gauge().value()).isZero();
        assertThat(registry.get("producer.pause.transitions").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("producer.paused.seconds").functionCounter().count()).isGreaterThanOrEqualTo(0.3);
        assertThat(mode.status()).containsEntry("paused", false).containsEntry("pause_transitions", 2L);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void burstItemsBeyondTheHighMarkAreRejectedAsPaused() {
        int accepted = 0;
        for (int i = 0; i < 12; i++) {
            accepted += ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted ? 1 : 0;
        }

        assertThat(accepted).isEqualTo(5);
        assertThat(ledger.totals().rejected(WatermarkMode.PAUSED)).isEqualTo(7);
        assertThat(mode.status()).containsEntry("paused", true);
        assertThat(mode.capacity()).hasValue(5);
    }

    @Test
    void anotherModeTakingOverEndsThePause() {
        for (int i = 0; i < 5; i++) {
            ledger.offer(items.create(1));
        }

        ledger.switchMode(new UnboundedMode());

        assertThat(registry.get("producer.paused").gauge().value()).isZero();
    }

    @Test
    void theLowMarkMustBeBelowTheHighMark() {
        assertThatThrownBy(() -> new WatermarkMode.Marks(10, 10).check())
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("low_watermark"));
    }

    private void takeOne() throws InterruptedException {
        Ledgers.deliverOne(ledger);
    }

    private Duration permit() {
        try {
            return mode.awaitProductionPermit(ledger).orElseThrow();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
