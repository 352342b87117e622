package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import lab.backpressure.support.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodelModeTest {

    private static final long TARGET_MS = 50;
    private static final long INTERVAL_MS = 1000;

    private final MutableClock clock = new MutableClock();
    private final ItemFactory items = Items.factory(clock);
    private final TestSettings settings = TestSettings.of(new CodelMode.Codel(TARGET_MS, INTERVAL_MS));
    private final CodelMode mode = new CodelMode(settings);
    private final List<String> drops = new ArrayList<>();
    private final ItemLedger ledger = Ledgers.ledger(clock,
            (item, reason, at) -> drops.add(item.id() + ":" + reason.tag() + ":" + (at - item.enqueuedAt())), mode);

    @Test
    void aQueueStandingForAnIntervalTimesItemsOutAfterTheTargetAndADrainedQueueGoesBackToTheInterval()
            throws InterruptedException {
        ledger.offer(items.create(1));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(900));

        assertThat(takeNow().queueWait()).as("not standing yet: a wait far past the target is kept")
                .isEqualTo(Duration.ofMillis(900));
        assertThat(mode.status()).containsEntry("codel_dropping", false).containsEntry("codel_timeout_ms", INTERVAL_MS);

        clock.advance(Duration.ofMillis(50));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(150));

        assertThat(ledger.poll(1, Duration.ZERO)).as("non-empty since 0 ms, so standing at 1100 ms: both heads time out")
                .isEmpty();
        assertThat(drops).containsExactly("2:codel:1100", "3:codel:150");
        assertThat(mode.status()).containsEntry("codel_dropping", true).containsEntry("codel_timeout_ms", TARGET_MS);

        clock.advance(Duration.ofMillis(50));
        ledger.offer(items.create(1));
        assertThat(mode.status()).as("shed to nothing is not drained: the queue stands on")
                .containsEntry("codel_dropping", true);
        clock.advance(Duration.ofMillis(10));
        assertThat(takeNow().queueWait()).as("item 4, under the target").isEqualTo(Duration.ofMillis(10));
        ledger.offer(items.create(1));
        clock.advance(Duration.ofMillis(60));
        assertThat(ledger.poll(1, Duration.ZERO)).as("taking its last item did not drain the queue either: item 5 timed out")
                .isEmpty();

        Ledgers.drainWithAWaitingWorker(ledger);
        clock.advance(Duration.ofMillis(40));
        ledger.offer(items.create(1));
        assertThat(mode.status()).as("a worker found the queue empty and waited: it drained")
                .containsEntry("codel_dropping", false).containsEntry("codel_timeout_ms", INTERVAL_MS);
        clock.advance(Duration.ofMillis(200));

        assertThat(takeNow().queueWait()).as("item 6, past the target, kept").isEqualTo(Duration.ofMillis(200));
        assertThat(ledger.totals().dropped(CodelMode.CODEL)).isEqualTo(3);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    /** The head if the mode leaves one, without waiting for another (which {@code take} would, for ever). */
    private TakenItem takeNow() throws InterruptedException {
        return ledger.poll(1, Duration.ZERO).orElseThrow(() -> new AssertionError("codel dropped every queued item")).first();
    }

    @Test
    void aQueueNobodyTakesFromKeepsOnlyItsItemsYoungerThanTheTargetOnceItStands() {
        for (int tick = 0; tick < 30; tick++) {
            ledger.offer(items.create(1));
            clock.advance(Duration.ofMillis(100));
        }

        assertThat(ledger.snapshot().size()).as("standing since 0 ms: from 1000 ms on each arrival times out the one before")
                .isEqualTo(1);
        assertThat(ledger.totals().dropped(CodelMode.CODEL)).isEqualTo(29);
        assertThat(drops).first().isEqualTo("1:codel:1000");
        assertThat(drops).last().isEqualTo("29:codel:100");
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void theTimeoutIsAMeterThatIsMinusOneWhileAnotherModeDecides() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        mode.bindTo(registry);

        assertThat(registry.get("producer.codel.timeout").gauge().value()).isEqualTo(1.0);
        mode.deactivate();
        assertThat(registry.get("producer.codel.timeout").gauge().value()).isEqualTo(-1.0);
    }

    @Test
    void theTargetMustNotBeAboveTheIntervalAndBothArePositive() {
        assertThatThrownBy(new CodelMode.Codel(1001, 1000)::check)
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        refused -> assertThat(refused.field()).isEqualTo("codel_target_ms"));
        new CodelMode.Codel(1000, 1000).check();
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            assertThat(validation.getValidator().validate(new CodelMode.Codel(0, 1000))).hasSize(1);
            assertThat(validation.getValidator().validate(new CodelMode.Codel(5, -1))).hasSize(1);
        }
    }
}
