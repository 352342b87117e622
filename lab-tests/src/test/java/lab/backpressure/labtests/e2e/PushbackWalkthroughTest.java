package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.LabService;
import lab.backpressure.labtests.support.ProducerStatus;
import lab.backpressure.labtests.support.ServiceProcess;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

/**
 * Walks the exercises in which the consumer pushes back (docs/exercises/13, 14 and 16) against the real producer
 * and consumer jars: more consumer capacity used only by an adaptive delivery limit, load shedding with
 * {@code Retry-After} and criticality, and adaptive production. After every reading the producer's books must
 * balance, and in the end every item produced is accounted for: sent, or cleared by the walk itself.
 *
 * <p>Time is compressed fivefold, as in {@link StrategyWalkthroughTest}: the consumer takes 20 ms per item, 100 ms
 * once slowed down five times as the exercises do (10 items/s a slot instead of 2), and the producer makes
 * 50 items/s instead of 10. Item counts (two in flight, {@code max_waiting} 2) are the exercises' own. Two things
 * are not compressed: the consumer's {@code Retry-After} is whole seconds, and the adaptive mode adds its
 * 0.25 items/s per 500 ms whatever the rates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushbackWalkthroughTest {

    private static final int TIME_COMPRESSION = 5;
    private static final int PROCESSING_TIME_MS = 100 / TIME_COMPRESSION;
    private static final int SLOW_DOWN_FACTOR = 5;
    /** What one processing slot of the slowed consumer takes: 1000 / (20 x 5) = 10 items/s. */
    private static final double SLOT_CAPACITY_PER_SECOND = 1000.0 / (PROCESSING_TIME_MS * SLOW_DOWN_FACTOR);
    private static final int PRODUCTION_RATE = 10 * TIME_COMPRESSION;

    private static final int MORE_CONCURRENCY = 4;
    /** The {@code fixed} delivery limit's default {@code delivery_concurrency}. */
    private static final int FIXED_IN_FLIGHT = 2;
    private static final int MAX_WAITING = 2;
    private static final double CRITICAL_SHARE = 0.25;
    /** The consumer's default {@code critical_reserve}: places beyond max_waiting only critical requests may take. */
    private static final int CRITICAL_RESERVE = 2;
    /** The adaptive mode's additive increase: 0.25 items/s every 500 ms. */
    private static final double ADAPTIVE_CLIMB_PER_SECOND = 0.5;

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration WATCH = Duration.ofSeconds(5);
    /**
     * Time for the adaptive mode to come down from 50/s and work off the backlog the first second left: it cuts
     * below the capacity until the queue drains, then climbs back by 0.5 items/s per second.
     */
    private static final Duration ADAPTIVE_SETTLE = Duration.ofSeconds(10);
    /** Long enough to average the adaptive rate's saw-tooth around the capacity. */
    private static final Duration ADAPTIVE_WATCH = Duration.ofSeconds(10);

    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.start(
                ServiceProcess.of(LabService.CONSUMER).property("lab.consumer.processing-time-ms", PROCESSING_TIME_MS),
                ServiceProcess.of(LabService.PRODUCER).property("lab.producer.production-rate", PRODUCTION_RATE));
    }

    @Test
    @Order(1)
    void moreConsumerCapacityIsUsedOnlyWithAnAdaptiveDeliveryLimit() {
        assertThat(lab.slowTheConsumerDown(SLOW_DOWN_FACTOR)).isEqualTo(SLOT_CAPACITY_PER_SECOND);
        lab.clearTheQueue();
        lab.configureProducer("""
                {"delivery_limit": "vegas"}""");

        RunningLab.Window oneSlot = lab.watch(SETTLE, WATCH);
        double oneSlotSent = oneSlot.perSecond(ProducerStatus::sent);
        assertThat(oneSlotSent).as("sent per second with one slot: its capacity").isCloseTo(SLOT_CAPACITY_PER_SECOND,
                withinPercentage(30));

        double capacity = lab.configureConsumer("""
                {"concurrency": 4}""").required("capacity_per_second").doubleValue();
        assertThat(capacity).isEqualTo(MORE_CONCURRENCY * SLOT_CAPACITY_PER_SECOND);
        lab.configureProducer("""
                {"delivery_limit": "fixed"}""");
        RunningLab.Window fixed = lab.watch(SETTLE, WATCH, (producer, consumer) -> assertThat(consumer.inFlight())
                .as("items at the consumer's slots under the fixed limit").isLessThanOrEqualTo(FIXED_IN_FLIGHT));
        assertThat(fixed.perSecond(ProducerStatus::sent))
                .as("sent per second with %d slots but %d in flight: two slots' worth", MORE_CONCURRENCY, FIXED_IN_FLIGHT)
                .isLessThanOrEqualTo(1.15 * FIXED_IN_FLIGHT * SLOT_CAPACITY_PER_SECOND);

        lab.configureProducer("""
                {"delivery_limit": "vegas"}""");
        List<Long> limits = new ArrayList<>();
        List<Long> busySlots = new ArrayList<>();
        RunningLab.Window adaptive = lab.watch(SETTLE, WATCH, (producer, consumer) -> {
            limits.add(producer.deliveryLimit());
            busySlots.add(consumer.inFlight());
        });
        double adaptiveSent = adaptive.perSecond(ProducerStatus::sent);
        assertThat(adaptiveSent).as("sent per second: the delivery limit grew to use all %.0f items/s", capacity)
                .isGreaterThanOrEqualTo(0.75 * capacity)
                .isGreaterThanOrEqualTo(2.5 * oneSlotSent);
        assertThat(limits).as("delivery limits seen").anyMatch(limit -> limit >= MORE_CONCURRENCY);
        assertThat(busySlots).as("consumer slots in use").contains((long) MORE_CONCURRENCY);
        lab.status().assertIdentities();
    }

    @Test
    @Order(2)
    void theConsumerShedsAndTheProducerResendsEveryThrottledItem() {
        lab.configureConsumer("""
                {"concurrency": 1, "max_waiting": 2}""");
        // as in the exercise, a timeout far above any round trip here: only a 429 makes aimd back off
        lab.configureProducer("""
                {"delivery_limit": "aimd", "aimd_timeout_ms": 5000}""");
        lab.clearTheQueue();

        RunningLab.Window shedding = lab.watch(SETTLE, WATCH, PushbackWalkthroughTest::waitsAtMostMaxWaiting);
        long throttled = shedding.delta(ProducerStatus::throttled);
        assertThat(throttled).as("attempts throttled by the consumer").isPositive();
        assertThat((double) throttled).as("the producer's throttles are the consumer's 429s")
                .isCloseTo(shedding.atConsumer(ConsumerStatus::shed), withinPercentage(20));
        assertThat(shedding.delta(ProducerStatus::failed)).as("items failed for good").isZero();
        assertThat(shedding.delta(ProducerStatus::failedAttempts)).as("a throttle is not a failure").isZero();
        assertThat(shedding.perSecond(ProducerStatus::sent)).as("sent per second: shedding costs the consumer nothing")
                .isCloseTo(SLOT_CAPACITY_PER_SECOND, withinPercentage(30));
        long processed = shedding.atConsumer(ConsumerStatus::processed);
        assertThat(shedding.attemptsPerDeliveredItem())
                .as("attempts per delivered item, against the consumer's requests (processed and shed) per item processed")
                .isCloseTo((double) (processed + shedding.atConsumer(ConsumerStatus::shed)) / processed, within(0.1));

        lab.configureProducer("""
                {"critical_share": 0.25}""");
        RunningLab.Window critical = lab.watch(SETTLE, WATCH, (producer, consumer) -> assertThat(consumer.waiting())
                .as("requests waiting: critical ones may also take the critical_reserve places")
                .isLessThanOrEqualTo(MAX_WAITING + CRITICAL_RESERVE));
        assertThat(critical.consumerMetric("consumer_requests_shed_total", "priority=\"sheddable\""))
                .as("sheddable requests shed").isPositive();
        assertThat(critical.consumerMetric("consumer_requests_shed_total", "priority=\"critical\""))
                .as("critical requests shed: critical_reserve keeps places for them").isZero();
        double criticalProcessed = critical.consumerMetric("consumer_end_to_end_latency_seconds_count",
                "priority=\"critical\"");
        double allProcessed = critical.consumerMetric("consumer_end_to_end_latency_seconds_count");
        assertThat(criticalProcessed / allProcessed).as("share of critical items among the %.0f processed", allProcessed)
                .isCloseTo(CRITICAL_SHARE, withinPercentage(40));

        lab.configureConsumer("""
                {"processing_time_ms": 20, "concurrency": 4}""");
        lab.assertEveryItemDeliveredOnceDrained();
        lab.configureConsumer("""
                {"concurrency": 1, "max_waiting": -1}""");
        lab.configureProducer("""
                {"delivery_limit": "fixed", "critical_share": 0, "aimd_timeout_ms": 1000}""");
    }

    @Test
    @Order(3)
    void adaptiveProductionSettlesOnTheConsumersCapacityAndClimbsBackWhenItRecovers() {
        // A worker takes its delivery slot before it waits for an item, so workers that took one under aimd's
        // higher limit each send one more item after the switch to fixed; the first cut waits for the first takes.
        await("delivery back at the fixed limit").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> lab.status().deliveryInFlight() <= FIXED_IN_FLIGHT);
        assertThat(lab.slowTheConsumerDown(SLOW_DOWN_FACTOR)).isEqualTo(SLOT_CAPACITY_PER_SECOND);
        lab.clearTheQueue();
        lab.configureProducer("""
                {"queue_mode": "adaptive"}""");

        List<Double> rates = new ArrayList<>();
        RunningLab.Window settled = lab.watch(ADAPTIVE_SETTLE, ADAPTIVE_WATCH, (producer, consumer) -> {
            rates.add(producer.adaptiveRate());
            assertThat(producer.size()).as("queued items: the rate keeps the queue wait near its 200 ms target, in %s",
                            producer.json())
                    .isLessThan(Math.round(2 * SLOT_CAPACITY_PER_SECOND));
        });
        // the rate saws: it climbs by 0.5 items/s per second until the queue wait passes its target, then is cut
        assertThat(Collections.max(rates)).as("the saw's peaks, adaptive_rate from %d/s: %s", PRODUCTION_RATE, rates)
                .isCloseTo(SLOT_CAPACITY_PER_SECOND, withinPercentage(30));
        assertThat(settled.perSecond(ProducerStatus::produced)).as("produced per second: the saw's average")
                .isBetween(0.6 * SLOT_CAPACITY_PER_SECOND, 1.1 * SLOT_CAPACITY_PER_SECOND);
        assertThat(settled.delta(ProducerStatus::rejected)).as("the generator waits for its rate, nothing is rejected")
                .isZero();

        lab.configureConsumer("""
                {"processing_time_ms": 20}""");
        RunningLab.Window climbing = lab.watch(Duration.ZERO, WATCH);
        double climb = (climbing.producerAfter().adaptiveRate() - climbing.producerBefore().adaptiveRate())
                / climbing.seconds();
        assertThat(climb).as("adaptive_rate's climb per second once the consumer is fast again")
                .isCloseTo(ADAPTIVE_CLIMB_PER_SECOND, withinPercentage(40));

        lab.assertEveryItemDeliveredOnceDrained();
        lab.configureProducer("""
                {"queue_mode": "unbounded"}""");
    }

    /** Load shedding's promise: however many requests the producer sends, no more than max_waiting wait. */
    private static void waitsAtMostMaxWaiting(ProducerStatus producer, ConsumerStatus consumer) {
        assertThat(consumer.waiting()).as("requests waiting at the consumer").isLessThanOrEqualTo(MAX_WAITING);
    }
}
