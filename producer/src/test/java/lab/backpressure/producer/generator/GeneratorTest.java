package lab.backpressure.producer.generator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.mode.QueueMode;
import lab.backpressure.producer.mode.RateLimitedMode;
import lab.backpressure.producer.mode.UnboundedMode;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The generator's real thread, in short real-time runs with generous bounds. */
class GeneratorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestSettings settings;
    private ItemLedger ledger;
    private Generator generator;

    @AfterEach
    void stopGenerator() {
        generator.stop();
    }

    @Test
    void producesAtTheConfiguredRateWithoutDrift() {
        start(config(200, true), new UnboundedMode());
        long start = System.nanoTime();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> produced() >= 200);

        // 200 items at 200/s: the first at once, the 200th at 0.995 s; 200 +- 20 per second
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(900), Duration.ofMillis(1250));
    }

    @Test
    void aRateChangeTakesEffectAtOnce() {
        start(config(0.5, true), new UnboundedMode());
        await().atMost(PATIENCE).until(() -> produced() == 1);
        long changedAt = System.nanoTime();

        settings.set(config(100, true));
        generator.wake();

        // at the old rate the second item alone would take 2 s
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> produced() >= 51);
        assertThat(Duration.ofNanos(System.nanoTime() - changedAt)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void producingFalsePausesAndTrueResumes() {
        start(config(100, true), new UnboundedMode());
        await().atMost(PATIENCE).until(() -> produced() >= 10);

        settings.set(config(100, false));
        generator.wake();
        long paused = produced();
        await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> produced() <= paused + 1);

        settings.set(config(100, true));
        generator.wake();
        await().atMost(PATIENCE).until(() -> produced() >= paused + 20);
    }

    @Test
    void theRateLimitedModeHoldsTheGeneratorBackAndTheWaitIsRecorded() {
        start(config(200, true), new RateLimitedMode(TestSettings.of(new RateLimitedMode.Limit(20)), registry));
        long start = System.nanoTime();

        await().atMost(PATIENCE).until(() -> produced() >= 11);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("11 items at 20/s, not 200/s")
                .isGreaterThan(Duration.ofMillis(450));
        assertThat(registry.get("producer.rate.limit.wait").timer().count()).isGreaterThanOrEqualTo(11);
        assertThat(registry.get("producer.rate.limit.wait").timer().totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThan(300);
    }

    private void start(ProductionSettings initial, QueueMode mode) {
        settings = TestSettings.of(initial);
        ledger = Ledgers.ledger(Clock.systemUTC(), mode);
        generator = new Generator(settings.set(new ArrivalChoice(ConstantArrivals.NAME, 1)), ledger,
                Items.factory(Clock.systemUTC()), new Arrivals(List.of(new ConstantArrivals())));
        generator.start();
    }

    private long produced() {
        return ledger.totals().produced();
    }

    private static ProductionSettings config(double rate, boolean producing) {
        return new ProductionSettings(rate, 16, producing, 0);
    }
}
