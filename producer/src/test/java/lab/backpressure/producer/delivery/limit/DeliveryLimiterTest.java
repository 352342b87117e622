package lab.backpressure.producer.delivery.limit;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.backpressure.support.settings.SettingsChanged;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryLimiterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration FAST = Duration.ofMillis(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestSettings settings = TestSettings.of(new LimitChoice(FixedLimitAlgorithm.NAME),
            new FixedLimitAlgorithm.Concurrency(2), new LimitBounds(2, 1, 10), new AimdLimitAlgorithm.Aimd(0.5, 1000));
    private final DeliveryLimiter limiter = new DeliveryLimiter(settings, new LimitAlgorithms(List.of(
            new FixedLimitAlgorithm(), new AimdLimitAlgorithm(), new Gradient2LimitAlgorithm())), registry);

    @Test
    void noMoreSlotsThanTheLimitAndAFreedSlotLetsTheNextWorkerIn() throws InterruptedException {
        DeliveryLimiter.Slot first = limiter.acquire();
        limiter.acquire();
        CompletableFuture<DeliveryLimiter.Slot> third = CompletableFuture.supplyAsync(this::acquire);

        await("the third waits while two are in flight").during(Duration.ofMillis(200)).atMost(PATIENCE)
                .until(() -> !third.isDone());
        assertThat(registry.get("producer.delivery.in.flight").gauge().value()).isEqualTo(2);
        first.close();

        await().atMost(PATIENCE).until(third::isDone);
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.status()).containsEntry("limit_algorithm", "fixed").containsEntry("limit", 2);
    }

    @Test
    void anAdaptiveAlgorithmGrowsWhileTheSlotsAreUsedAndBacksOffOnADrop() throws InterruptedException {
        choose(AimdLimitAlgorithm.NAME);
        assertThat(limiter.limit()).as("delivery_initial_limit").isEqualTo(2);

        try (DeliveryLimiter.Slot one = limiter.acquire(); DeliveryLimiter.Slot two = limiter.acquire()) {
            one.sample(System.nanoTime(), FAST, false);
            assertThat(limiter.limit()).isEqualTo(3);
            two.sample(System.nanoTime(), FAST, true);
        }

        assertThat(limiter.limit()).as("halved by the drop, not below delivery_min_limit").isEqualTo(1);
        assertThat(registry.get("producer.delivery.limit").gauge().value()).isEqualTo(1);
        assertThat(registry.get("producer.delivery.rtt").timer().count()).isEqualTo(2);
        assertThat(limiter.status()).containsEntry("rtt_min_ms", 5L);
    }

    @Test
    void anAlgorithmThatReadsOnlyRoundTripsIsNotToldOfDrops() throws InterruptedException {
        choose(Gradient2LimitAlgorithm.NAME);

        try (DeliveryLimiter.Slot slot = limiter.acquire()) {
            slot.sample(System.nanoTime(), Duration.ofMillis(1), true);
        }

        assertThat(limiter.status()).as("no sample reached it").containsEntry("rtt_min_ms", -1L);
        assertThat(registry.get("producer.delivery.rtt").timer().count()).as("but the round trip is recorded")
                .isEqualTo(1);
    }

    @Test
    void aChangeOfItsSettingsStartsTheAlgorithmAfreshAndWakesTheWaiters() throws InterruptedException {
        limiter.acquire();
        limiter.acquire();
        CompletableFuture<DeliveryLimiter.Slot> third = CompletableFuture.supplyAsync(this::acquire);

        settings.set(new FixedLimitAlgorithm.Concurrency(3));
        limiter.settingsChanged(new SettingsChanged(Set.of(FixedLimitAlgorithm.Concurrency.class)));

        await().atMost(PATIENCE).until(third::isDone);
        assertThat(limiter.limit()).isEqualTo(3);
    }

    private void choose(String algorithm) {
        settings.set(new LimitChoice(algorithm));
        limiter.settingsChanged(new SettingsChanged(Set.of(LimitChoice.class)));
    }

    private DeliveryLimiter.Slot acquire() {
        try {
            return limiter.acquire();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
