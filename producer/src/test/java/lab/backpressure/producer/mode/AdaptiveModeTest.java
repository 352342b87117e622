package lab.backpressure.producer.mode;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.limit.AimdLimitAlgorithm;
import lab.backpressure.producer.delivery.limit.DeliveryLimiter;
import lab.backpressure.producer.delivery.limit.FixedLimitAlgorithm;
import lab.backpressure.producer.delivery.limit.LimitAlgorithm;
import lab.backpressure.producer.delivery.limit.LimitAlgorithms;
import lab.backpressure.producer.delivery.limit.LimitBounds;
import lab.backpressure.producer.delivery.limit.LimitChoice;
import lab.backpressure.producer.generator.ProductionSettings;
import lab.backpressure.producer.item.ItemFactory;
import lab.backpressure.producer.testing.Items;
import lab.backpressure.producer.testing.Ledgers;
import lab.backpressure.producer.testing.MutableClock;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class AdaptiveModeTest {

    private static final double PRODUCTION_RATE = 100;
    private static final long TARGET_WAIT_MS = 200;
    /** The mode's interval at {@link #TARGET_WAIT_MS}: 2.5 target waits, 500 ms. */
    private static final Duration INTERVAL = Duration.ofMillis(Math.round(AdaptiveMode.INTERVALS_PER_TARGET * TARGET_WAIT_MS));
    private static final double SECONDS_PER_MILLI = 0.001;
    /** The simulation's time step: well under the consumer's processing time. */
    private static final Duration TICK = Duration.ofMillis(1);
    private static final double EXACT = 1e-9;
    /** Within a test, only the first permit at this rate is ever available. */
    private static final double ONE_PER_HUNDRED_SECONDS = 0.01;

    private final MutableClock clock = new MutableClock();
    private final ItemFactory items = Items.factory(clock);
    private final TestSettings settings = TestSettings.of(new ProductionSettings(PRODUCTION_RATE, 1, true, 0),
            new AdaptiveMode.Target(TARGET_WAIT_MS), new LimitChoice(FixedLimitAlgorithm.NAME),
            new FixedLimitAlgorithm.Concurrency(2), new LimitBounds(2, 1, DeliveryLimiter.MAX_WORKERS),
            new AimdLimitAlgorithm.Aimd(0.9, 1000));
    private final AdaptiveMode mode = new AdaptiveMode(settings,
            () -> settings.get(ProductionSettings.class).productionRate());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ItemLedger ledger;

    AdaptiveModeTest() {
        mode.bindTo(registry);
        ledger = Ledgers.ledger(clock, mode, new UnboundedMode());
    }

    @Test
    void fromTenTimesTheConsumersCapacityTheRateDrainsTheSurgeAtAQuarterOfItAtLeastThenSettlesWithinThirtyPercent()
            throws InterruptedException {
        // the handout's consumer, 100 ms per item: 10 items/s
        Simulation run = new Simulation(Duration.ofMillis(100), FixedLimitAlgorithm.NAME);
        run.forIntervals(2);

        DoubleSummaryStatistics settling = run.forIntervals(58);
        long producedBefore = ledger.snapshot().produced();
        DoubleSummaryStatistics settled = run.forIntervals(60);

        // the first interval's surge at 100/s (about 50 items) is drained at no less than a quarter of the consumer's pace
        assertThat(settling.getMin()).as("lowest rate while the surge drains").isGreaterThanOrEqualTo(2.5);
        assertThat(settled.getMin()).as("lowest rate in %s", settled).isGreaterThanOrEqualTo(7);
        assertThat(settled.getMax()).as("highest rate in %s", settled).isLessThanOrEqualTo(13);
        assertThat(ledger.snapshot().produced() - producedBefore).as("produced in the last 30 s, at 10/s: 300")
                .isBetween(285L, 330L);
        assertThat(ledger.snapshot().size()).as("queued: fewer than the target wait's worth").isLessThanOrEqualTo(2);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    @Test
    void whenTheConsumerSlowsDownFiveTimesTheRateFollowsItDown() throws InterruptedException {
        Simulation run = new Simulation(Duration.ofMillis(100), FixedLimitAlgorithm.NAME);
        run.forIntervals(60);

        run.consumerPeriod(Duration.ofMillis(500));
        run.forIntervals(60);
        DoubleSummaryStatistics settled = run.forIntervals(60);

        // 2 items/s now, 500 ms an item: the 200 ms target is under one item, so an item standing ahead is over it
        // and the rate saws a little under the capacity, never far from it
        assertThat(settled.getAverage()).as("average of %s", settled).isBetween(1.6, 2.2);
        assertThat(settled.getMin()).as("lowest of %s", settled).isGreaterThanOrEqualTo(1.0);
        assertThat(settled.getMax()).as("highest of %s", settled).isLessThanOrEqualTo(2.8);
        assertThat(ledger.snapshot().size()).isLessThanOrEqualTo(2);
    }

    /**
     * Issue 17's case, on every registered delivery limit: 20 ms × 1 slot (50 items/s) from a production_rate of
     * 500, then the capacity doubled. An adaptive limit parks the backlog at the consumer and stops taking while it
     * shrinks; the mode must read the consumer's answers and the whole backlog, not the queue and the takes.
     */
    @ParameterizedTest(name = "delivery_limit {0}")
    @MethodSource("registeredLimits")
    void settlesAtTheCapacityBehindEveryDeliveryLimitAndFollowsItWhenItDoubles(String limit)
            throws InterruptedException {
        settings.set(new ProductionSettings(500, 1, true, 0));
        Simulation run = new Simulation(Duration.ofMillis(20), limit);

        run.forSeconds(30);
        double settled = run.producedPerSecond(10);
        run.consumerPeriod(Duration.ofMillis(10));
        run.forSeconds(40);
        double doubled = run.producedPerSecond(10);

        assertThat(settled).as("produced per second, 20-30 s after the start, against 50/s").isBetween(45.0, 52.0);
        assertThat(doubled).as("produced per second, 20-30 s after the doubling, against 100/s").isBetween(90.0, 104.0);
        assertThat(ledger.snapshot().size() + ledger.snapshot().inFlight())
                .as("queued and in flight: about the target wait's worth, 20 items at 100/s").isLessThanOrEqualTo(40);
        Ledgers.assertBalanced(ledger.snapshot());
    }

    /** Every limit algorithm registered as a bean: the component scan that registers them in the producer. */
    private static final LimitAlgorithms REGISTERED = new LimitAlgorithms(scanned());

    static Set<String> registeredLimits() {
        return REGISTERED.names();
    }

    private static List<LimitAlgorithm> scanned() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(LimitAlgorithm.class));
        return scan.findCandidateComponents(LimitAlgorithm.class.getPackageName()).stream()
                .map(bean -> (LimitAlgorithm) BeanUtils.instantiateClass(
                        ClassUtils.resolveClassName(bean.getBeanClassName(), null)))
                .toList();
    }

    @Test
    void aThrottleCutsTheRateAndABurstOfThemCutsItOnce() {
        ledger.attemptThrottled(1);
        ledger.attemptThrottled(1);
        assertThat(rate()).isCloseTo(PRODUCTION_RATE * AdaptiveMode.DECREASE, offset(EXACT));

        clock.advance(INTERVAL);
        ledger.attemptThrottled(1);

        assertThat(rate()).isCloseTo(PRODUCTION_RATE * AdaptiveMode.DECREASE * AdaptiveMode.DECREASE, offset(EXACT));
        assertThat(mode.status()).containsEntry("adaptive_rate", 81.0).containsEntry("target_wait_ms", TARGET_WAIT_MS);
    }

    @Test
    void aStandingWaitOverTargetDrainsBelowTheRateTheConsumerAnsweredAtWhereverTheBacklogStands()
            throws InterruptedException {
        offer(10);
        List<TakenItem> atTheConsumer = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            atTheConsumer.add(Ledgers.takeOne(ledger)); // the first starts the interval; 8 in flight, 2 queued
        }
        clock.advance(INTERVAL);
        ledger.delivered(atTheConsumer.subList(0, 5)); // 5 answers in 500 ms: 10/s
        offer(1);

        takeOne();

        // at the least 5 stood ahead of a take (2 queued and 3 in flight, ahead of the one taken), 4 beyond the one
        // the consumer is busy with: 0.4 s at 10/s, 0.2 s over target, made up over the 2 s horizon: 10/s × (1 - 0.1)
        assertThat(rate()).isCloseTo(9, offset(EXACT));
    }

    @Test
    void aBacklogThatPassesIsNoBacklog() throws InterruptedException {
        settings.set(new ProductionSettings(1000, 1, true, 0));
        mode.activate();
        offer(10);
        takeOne(); // starts the interval, with 9 ahead of it
        for (int i = 0; i < 9; i++) {
            takeOne(); // the backlog passes: the last take has none ahead
        }
        clock.advance(INTERVAL);
        offer(1);

        takeOne();

        assertThat(rate()).as("no standing backlog: the largest probe, from the production_rate it started at")
                .isEqualTo(1000);
    }

    @Test
    void aStandingBacklogWithNoAnswerInTheWindowTakesTheRateToTheFloor() throws InterruptedException {
        offer(4);
        Ledgers.takeOne(ledger); // starts the interval with 3 queued ahead
        clock.advance(INTERVAL);

        Ledgers.takeOne(ledger); // 2 queued and 1 in flight ahead, nothing answered since

        assertThat(rate()).isEqualTo(AdaptiveMode.MIN_RATE);
    }

    @Test
    void aThrottleCutsAtOnceAndACalmIntervalProbesUpByTheFreeShareOfTheTargetNeverAboveTheProductionRate()
            throws InterruptedException {
        offer(1);
        takeOne(); // starts the first interval
        ledger.attemptThrottled(1);
        double cut = PRODUCTION_RATE * AdaptiveMode.DECREASE;
        calmInterval();
        assertThat(rate()).as("no step in the interval of the throttle").isCloseTo(cut, offset(EXACT));

        calmInterval();
        assertThat(rate()).as("nothing ahead: the largest probe").isCloseTo(cut * (1 + AdaptiveMode.MAX_PROBE), offset(EXACT));

        for (int i = 0; i < 10; i++) {
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
            clock.advance(INTERVAL);
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
        clock.advance(INTERVAL);
        offer(1);
        takeOne();
    }

    /**
     * The generator at the mode's rate, delivery under a registered {@code delivery_limit} (fed every round trip,
     * as the delivery workers do) and a consumer with one processing slot that takes {@code consumerPeriod} per item,
     * the requests beyond it waiting at its door in arrival order, on the test's clock: the signals are the ones
     * delivery would give, without delivery's threads.
     */
    private final class Simulation {

        private static final long NANOS_PER_MILLI = 1_000_000;

        /** A request at the consumer: its item, the delivery slot it holds, and when it was sent. */
        private record Request(TakenItem item, DeliveryLimiter.Slot slot, long sentAtMillis) {
        }

        private final DeliveryLimiter limiter;
        private final Deque<Request> atTheConsumer = new ArrayDeque<>();
        private long periodMillis;
        private double owed;
        private long processedAt;
        private static final long TICKS_PER_SECOND = Duration.ofSeconds(1).dividedBy(TICK);

        /** Items produced by the end of each second run, from 0 at the start. */
        private final List<Long> producedAtEachSecond = new ArrayList<>(List.of(0L));
        private long tick;

        Simulation(Duration consumerPeriod, String deliveryLimit) {
            settings.set(new LimitChoice(deliveryLimit));
            limiter = new DeliveryLimiter(settings, REGISTERED, new SimpleMeterRegistry());
            consumerPeriod(consumerPeriod);
        }

        void consumerPeriod(Duration period) {
            periodMillis = period.toMillis();
        }

        void forSeconds(int seconds) throws InterruptedException {
            forIntervals((int) (Duration.ofSeconds(seconds).toMillis() / INTERVAL.toMillis()));
        }

        /** Items produced per second over the last {@code seconds} seconds run. */
        double producedPerSecond(int seconds) {
            int now = producedAtEachSecond.size() - 1;
            return (producedAtEachSecond.get(now) - producedAtEachSecond.get(now - seconds)) / (double) seconds;
        }

        /** Runs for {@code intervals} of the mode; answers the rates it read every tick. */
        DoubleSummaryStatistics forIntervals(int intervals) throws InterruptedException {
            DoubleSummaryStatistics rates = new DoubleSummaryStatistics();
            long end = tick + INTERVAL.multipliedBy(intervals).dividedBy(TICK);
            for (; tick < end; tick++) {
                clock.advance(TICK);
                owed += rate() * TICK.toMillis() * SECONDS_PER_MILLI;
                for (; owed >= 1; owed--) {
                    ledger.offer(items.create(1));
                }
                long now = clock.millis();
                if (!atTheConsumer.isEmpty() && now >= processedAt) {
                    answer(atTheConsumer.removeFirst(), now);
                    processedAt = now + periodMillis; // the first waiting at the door, if any, is next
                }
                while (limiter.inFlight() < limiter.limit() && ledger.size() > 0) {
                    atTheConsumer.addLast(new Request(Ledgers.takeOne(ledger), limiter.acquire(), now));
                    if (atTheConsumer.size() == 1) {
                        processedAt = now + periodMillis;
                    }
                }
                rates.accept(rate());
                if ((tick + 1) % TICKS_PER_SECOND == 0) {
                    producedAtEachSecond.add(ledger.snapshot().produced());
                }
            }
            return rates;
        }

        private void answer(Request request, long now) {
            ledger.delivered(List.of(request.item()));
            request.slot().sample(request.sentAtMillis() * NANOS_PER_MILLI,
                    Duration.ofMillis(now - request.sentAtMillis()), false);
            request.slot().close();
        }
    }
}
