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
            new FixedLimitAlgorithm(), new AimdLimitAlgorithm(), new Gradient2LimitAlgorithm(), new CreditLimitAlgorithm())),
            registry);

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

    @Test
    void underCreditOneRequestGoesBeforeTheFirstGrantAndThenNoMoreThanTheLastGrant() throws InterruptedException {
        choose(CreditLimitAlgorithm.NAME);
        DeliveryLimiter.Slot first = limiter.acquire();
        CompletableFuture<DeliveryLimiter.Slot> second = CompletableFuture.supplyAsync(this::acquire);
        await("one request before anything is granted").during(Duration.ofMillis(200)).atMost(PATIENCE)
                .until(() -> !second.isDone());

        limiter.granted(3);
        await().atMost(PATIENCE).until(second::isDone);
        limiter.acquire();
        CompletableFuture<DeliveryLimiter.Slot> fourth = CompletableFuture.supplyAsync(this::acquire);
        await("never more in flight than granted").during(Duration.ofMillis(200)).atMost(PATIENCE)
                .until(() -> !fourth.isDone() && limiter.inFlight() == 3);

        limiter.granted(2);
        first.close();
        assertThat(limiter.limit()).as("the grant shrinks").isEqualTo(2);
        await("a freed slot is not taken beyond the smaller grant").during(Duration.ofMillis(200)).atMost(PATIENCE)
                .until(() -> !fourth.isDone() && limiter.inFlight() == 2);

        limiter.granted(4);
        assertThat(limiter.limit()).as("and grows").isEqualTo(4);
        await().atMost(PATIENCE).until(fourth::isDone);
        assertThat(limiter.inFlight()).isEqualTo(3);
        assertThat(limiter.status()).containsEntry("limit_algorithm", "credit").containsEntry("credit", 4);
        assertThat(registry.get("producer.delivery.credit").gauge().value()).isEqualTo(4);
    }

    @Test
    void aGrantOfNothingStillLetsOneRequestAskAgain() {
        choose(CreditLimitAlgorithm.NAME);

        limiter.granted(0);

        assertThat(limiter.limit()).as("a probe, else no answer would ever grant more").isEqualTo(1);
        assertThat(limiter.status()).containsEntry("credit", 0);
    }

    @Test
    void theCreditIsRecordedUnderEveryAlgorithmButMovesOnlyTheCreditLimit() {
        assertThat(limiter.status()).as("before any answer").containsEntry("credit", -1);
        assertThat(registry.get("producer.delivery.credit").gauge().value()).isNaN();

        limiter.granted(7);

        assertThat(limiter.status()).containsEntry("limit_algorithm", "fixed").containsEntry("limit", 2)
                .containsEntry("credit", 7);
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
