package lab.backpressure.producer.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.DoubleSummaryStatistics;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import lab.backpressure.producer.accounting.ItemLedger;
import lab.backpressure.producer.accounting.TakenItem;
import lab.backpressure.producer.generator.ProductionSettings;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class AdaptiveModeTest {

    private static final double PRODUCTION_RATE = 100;
    private static final long TARGET_WAIT_MS = 200;
    private static final double SECONDS_PER_MILLI = 0.001;
    /** The simulation's time step: well under the consumer's 100 ms per item. */
    private static final Duration TICK = Duration.ofMillis(10);
    private static final double EXACT = 1e-9;
    /** Within a test, only the first permit at this rate is ever available. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;

    private final MutableClock clock = new MutableClock();
    private final ItemFactory items = new ItemFactory(clock);
    private final TestSettings settings = TestSettings.of(new ProductionSettings(PRODUCTION_RATE, 1, true, 0),
            new AdaptiveMode.Target(TARGET_WAIT_MS));
    private final AdaptiveMode mode = new AdaptiveMode(settings);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ItemLedger ledger;

    AdaptiveModeTest() {
        mode.bindTo(registry);
        ledger = Ledgers.ledger(clock, mode, new UnboundedMode());
    }

    @Test
    void fromTenTimesTheConsumersCapacityTheRateSettlesWithinThirtyPercentOfItAfterTwoIntervals()
            throws InterruptedException {
        // the handout's consumer, 100 ms per item: 10 items/s
        Simulation run = new Simulation(Duration.ofMillis(100));
        run.forIntervals(2);

        DoubleSummaryStatistics settling = run.forIntervals(58);
        long producedBefore = ledger.snapshot().produced();
        DoubleSummaryStatistics settled = run.forIntervals(60);

        assertThat(List.of(settling, settled)).allSatisfy(rates -> {
            assertThat(rates.getMin()).as("lowest rate in %s", rates).isGreaterThanOrEqualTo(7);
            assertThat(rates.getMax()).as("highest rate in %s", rates).isLessThanOrEqualTo(13);
        });
        assertThat(ledger.snapshot().produced() - producedBefore).as("produced in the last 30 s, at 10/s: 300")
                .isBetween(270L, 330L);
        assertThat(ledger.snapshot().size()).as("queued: fewer than the target wait's worth").isLessThanOrEqualTo(2);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void whenTheConsumerSlowsDownFiveTimesTheRateFollowsItDown() throws InterruptedException {
        Simulation run = new Simulation(Duration.ofMillis(100));
        run.forIntervals(60);

        run.consumerPeriod(Duration.ofMillis(500));
        run.forIntervals(60);
        DoubleSummaryStatistics settled = run.forIntervals(60);

        // 2 items/s now: on average within 10 %; the step of 0.25 items/s is an eighth of 2/s, so the saw
        // around it reaches from -30 % to +40 %
        assertThat(settled.getAverage()).isBetween(1.8, 2.2);
        assertThat(settled.getMin()).isGreaterThanOrEqualTo(1.4);
        assertThat(settled.getMax()).isLessThanOrEqualTo(2.8);
        assertThat(ledger.snapshot().size()).isLessThanOrEqualTo(2);
    }

    @Test
    void aThrottleCutsTheRateAndABurstOfThemCutsItOnce() {
        ledger.attemptThrottled(1);
        ledger.attemptThrottled(1);
        assertThat(rate()).isCloseTo(PRODUCTION_RATE * AdaptiveMode.DECREASE, offset(EXACT));

        clock.advance(AdaptiveMode.INTERVAL);
        ledger.attemptThrottled(1);

        assertThat(rate()).isCloseTo(PRODUCTION_RATE * AdaptiveMode.DECREASE * AdaptiveMode.DECREASE, offset(EXACT));
        assertThat(mode.status()).containsEntry("adaptive_rate", 81.0).containsEntry("target_wait_ms", TARGET_WAIT_MS);
    }

    @Test
    void aWaitOverTargetCutsToJustBelowTheRateTheConsumerTookItemsAtAndHoldsWhileTheQueueShrinks()
            throws InterruptedException {
        offer(10);
        takeOne(); // starts the first interval, 9 queued
        clock.advance(AdaptiveMode.INTERVAL);
        takeOne();
        assertThat(rate()).as("waited 500 ms, but the queue shrank from 9 to 8: held").isEqualTo(PRODUCTION_RATE);

        offer(5);
        clock.advance(AdaptiveMode.INTERVAL);
        takeOne();

        // the queue grew from 8 to 12 and the consumer took one item in 500 ms: 2 items/s
        assertThat(rate()).isCloseTo(2 * AdaptiveMode.DECREASE, offset(EXACT));
    }

    @Test
    void theRateTheConsumerTookItemsAtCountsEveryItemOfABatch() throws InterruptedException {
        offer(20);
        takeOne(); // starts the first interval, 19 queued
        ledger.delivered(ledger.take(5, Duration.ZERO).items());
        offer(10);
        clock.advance(AdaptiveMode.INTERVAL);

        takeOne();

        // over target while the queue grew from 20 to 24: the consumer took 6 items, not 2 takes, in 500 ms
        assertThat(rate()).isCloseTo(12 * AdaptiveMode.DECREASE, offset(EXACT));
    }

    @Test
    void aCalmIntervalAddsOneStepButNotAfterAThrottleAndNeverAboveTheProductionRate() throws InterruptedException {
        offer(1);
        takeOne(); // starts the first interval
        ledger.attemptThrottled(1);
        double cut = PRODUCTION_RATE * AdaptiveMode.DECREASE;
        calmInterval();
        assertThat(rate()).as("no step in the interval of the throttle").isCloseTo(cut, offset(EXACT));

        calmInterval();
        assertThat(rate()).isCloseTo(cut + AdaptiveMode.INCREASE_STEP, offset(EXACT));

        for (int i = 0; i < 100; i++) {
            calmInterval();
        }
        assertThat(rate()).isEqualTo(PRODUCTION_RATE);
        settings.set(new ProductionSettings(4, 1, true, 0));
        assertThat(rate()).as("a lower production_rate holds at once").isEqualTo(4);
    }

    @Test
    void throttlesNeverTakeTheRateBelowTheFloor() {
        for (int i = 0; i < 100; i++) {
            ledger.attemptThrottled(1);
            clock.advance(AdaptiveMode.INTERVAL);
        }

        assertThat(rate()).isEqualTo(AdaptiveMode.MIN_RATE);
    }

    @Test
    void holdsTheGeneratorToItsRate() throws InterruptedException {
        settings.set(new ProductionSettings(20, 1, true, 0));
        long start = System.nanoTime();

        // the first permit is there at once, the next five come one per 1/20 s
        for (int i = 0; i < 6; i++) {
            mode.awaitProductionPermit(ledger);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofMillis(700));
    }

    @Test
    void aBurstGetsOnlyThePermitsAvailableNowAndNothingIsLost() {
        settings.set(new ProductionSettings(ONE_PER_HUNDRED_SECONDS, 1, true, 0));
        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            accepted += ledger.offerBurstItem(items.create(1)) instanceof Admission.Accepted ? 1 : 0;
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(ledger.totals().rejected(AdaptiveMode.ADAPTIVE_LIMITED)).isEqualTo(49);
        assertThat(ledger.offer(items.create(1))).as("generated items are all taken in")
                .isEqualTo(new Admission.Accepted(0));
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void anotherModeTakingOverShowsMinusOneAndComingBackStartsAgainFromTheProductionRate() {
        ledger.attemptThrottled(1);

        ledger.switchMode(new UnboundedMode());
        assertThat(rate()).isEqualTo(-1);
        ledger.switchMode(mode);

        assertThat(rate()).isEqualTo(PRODUCTION_RATE);
    }

    @Test
    void theTargetWaitMustBePositive() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            for (long refused : new long[] {0, -200}) {
                assertThat(validation.getValidator().validate(new AdaptiveMode.Target(refused)))
                        .extracting(violation -> violation.getPropertyPath().toString())
                        .containsExactly("targetWaitMs");
            }
            assertThat(validation.getValidator().validate(new AdaptiveMode.Target(1))).isEmpty();
        }
    }

    private double rate() {
        return registry.get("producer.adaptive.rate").gauge().value();
    }

    private void offer(int count) {
        for (int i = 0; i < count; i++) {
            ledger.offer(items.create(1));
        }
    }

    private void takeOne() throws InterruptedException {
        Ledgers.deliverOne(ledger);
    }

    /** One interval in which an item is produced and sent at once: a wait of zero. */
    private void calmInterval() throws InterruptedException {
        clock.advance(AdaptiveMode.INTERVAL);
        offer(1);
        takeOne();
    }

    /**
     * The generator at the mode's rate, delivery with two items in flight (the lab's default: one being
     * processed, the next waiting at the consumer's door) and a consumer that takes {@code consumerPeriod} per
     * item, on the test's clock: the signals are the ones delivery would give, without delivery's threads.
     */
    private final class Simulation {

        private static final int IN_FLIGHT = 2;

        private long ticksPerItem;
        private long tick;
        private double owed;
        private final Deque<TakenItem> inFlight = new ArrayDeque<>();
        private long processedAt;

        Simulation(Duration consumerPeriod) {
            consumerPeriod(consumerPeriod);
        }

        void consumerPeriod(Duration period) {
            ticksPerItem = period.dividedBy(TICK);
        }

        /** Runs for {@code intervals} of the mode; answers the rates it read every tick. */
        DoubleSummaryStatistics forIntervals(int intervals) throws InterruptedException {
            DoubleSummaryStatistics rates = new DoubleSummaryStatistics();
            long end = tick + AdaptiveMode.INTERVAL.multipliedBy(intervals).dividedBy(TICK);
            for (; tick < end; tick++) {
                clock.advance(TICK);
                owed += rate() * TICK.toMillis() * SECONDS_PER_MILLI;
                for (; owed >= 1; owed--) {
                    ledger.offer(items.create(1));
                }
                if (!inFlight.isEmpty() && tick >= processedAt) {
                    ledger.delivered(List.of(inFlight.removeFirst()));
                    processedAt = tick + ticksPerItem; // the one waiting at the door, if any, is next
                }
                while (inFlight.size() < IN_FLIGHT && ledger.size() > 0) {
                    inFlight.addLast(Ledgers.takeOne(ledger));
                    if (inFlight.size() == 1) {
                        processedAt = tick + ticksPerItem;
                    }
                }
                rates.accept(rate());
            }
            return rates;
        }
    }
}
