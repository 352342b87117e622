package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.benchmark.BucketQuantile;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.PrometheusScrape;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CoDel queue timeouts, adaptive LIFO and priority order on the real jars, at their default settings: the handout's
 * balanced baseline under {@code codel} drops nothing; under 3× overload {@code codel} keeps the queue wait near its
 * target and sends nothing that waited past its interval; under a standing queue {@code adaptive_lifo} serves the
 * newest items; and {@code priority}, one item in five critical, sends the critical items after short waits while
 * the sheddable ones queue. The queue waits are the producer's {@code producer_queue_wait_seconds} (by its
 * {@code priority} tag) over a watched window.
 *
 * <p>The baseline runs in real time. The overload walks share a lab five times faster than the handout
 * ({@link CompressedStart}): 20 ms per item (60 ms slowed down three times), 50 items/s, the codel target and interval
 * 100 ms and 2 s, {@code lifo_after_ms} 100 ms. After every reading the books balance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OverloadWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    private static final Duration TARGET = Duration.ofMillis(500 / SPEED.speed());
    private static final Duration INTERVAL = Duration.ofMillis(10_000 / SPEED.speed());
    private static final int HANDOUT_PROCESSING_MS = 100;
    private static final int HANDOUT_RATE = 10;
    private static final long WARM_UP_ITEMS = 100;
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration WATCH = Duration.ofSeconds(10);
    private static final String QUEUE_WAIT = "producer_queue_wait_seconds";

    @AutoClose
    private RunningLab lab;

    /**
     * The handout's numbers in real time, not compressed, but produced at 95 % of the consumer's nominal capacity:
     * at the handout's 100 % what each request costs beyond its 100 ms makes the real utilisation a little over 1,
     * the queue never drains, and codel rightly times out what stood past the target (4 items in 30 s seen in CI,
     * beside another whole-lab test). A baseline the consumer really keeps up with drains, and codel drops nothing.
     */
    @Test
    @Order(1)
    void aBaselineTheConsumerKeepsUpWithDropsNothingUnderCodel() {
        try (RunningLab handout = RunningLab.start(HANDOUT_PROCESSING_MS, HANDOUT_RATE)) {
            // at 100 % utilisation what a cold JVM leaves behind stays behind: warm up, then start from empty
            await("the lab warms up").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> handout.status().sent() >= WARM_UP_ITEMS);
            handout.clearTheQueue();
            long cleared = handout.status().dropped();
            JsonNode config = handout.configureProducer("""
                    {"queue_mode": "codel", "production_rate": 9.5}""");
            assertThat(config.required("codel_target_ms").longValue()).isEqualTo(500);
            assertThat(config.required("codel_interval_ms").longValue()).isEqualTo(10_000);

            // three intervals: a queue that stood for one would time out what waited past the target
            handout.watch(Duration.ZERO, Duration.ofSeconds(30), (producer, consumer) ->
                    assertThat(producer.dropped()).as("dropped at the baseline, but for the clear: %s", producer.json())
                            .isEqualTo(cleared));

            handout.assertEveryItemDeliveredOnceDrained();
        }
    }

    /** The lab for the overload walks, started by the first: compressed, producing from the start. */
    private RunningLab compressedLab() {
        if (lab == null) {
            lab = RunningLab.compressed(SPEED);
        }
        return lab;
    }

    @Test
    @Order(2)
    void underThreefoldOverloadCodelKeepsTheWaitNearItsTargetAndNothingSentWaitedPastTheInterval() {
        overloadThreefold("""
                {"queue_mode": "codel", "take_order": "fifo"}""");
        await("the queue stands for an interval and codel drops").atMost(CHANGE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> queue().required("codel_dropping").booleanValue());

        Window window = watch();

        JsonNode queue = queue();
        assertThat(queue.required("codel_timeout_ms").longValue()).as("%s", queue).isEqualTo(TARGET.toMillis());
        assertThat(window.perSecond("producer_items_dropped_total", "reason=\"codel\""))
                .as("codel drops what the consumer cannot take: about 2/3 of 50 items/s").isBetween(15.0, 45.0);
        NavigableMap<Double, Double> waits = window.queueWaits();
        double sent = total(waits);
        assertThat(sent).as("items sent in the window: the consumer keeps working").isGreaterThan(0.5 * 50 / 3 * window.seconds());
        assertThat(observedAtMost(waits, seconds(INTERVAL))).as("every item sent waited at most the interval: %s", waits)
                .isEqualTo(sent);
        double median = BucketQuantile.quantile(0.5, waits);
        // the median, not a high quantile: a stall of this busy machine can leave a worker waiting on an empty
        // queue, which ends the standing period, and then waits may grow towards the interval for one interval
        assertThat(median).as("median wait near the target of %s: %s", TARGET, waits)
                .isBetween(0.3 * seconds(TARGET), 2.0 * seconds(TARGET));
        lab.status().assertIdentities();
    }

    @Test
    @Order(3)
    void underAStandingQueueAdaptiveLifoServesTheNewestItems() {
        overloadThreefold("""
                {"queue_mode": "unbounded", "take_order": "adaptive_lifo"}""");
        await("the queue stands and the order turns to LIFO").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> queue().required("lifo_active").booleanValue() && lab.status().size() > 50);

        Window window = watch();

        long size = lab.status().size();
        // first in, first out, an item would wait the whole queue ahead of it: size / (50/3 items/s), seconds
        double fifoWaitSeconds = size / (50.0 / 3);
        NavigableMap<Double, Double> waits = window.queueWaits();
        double p90 = BucketQuantile.quantile(0.9, waits);
        assertThat(size).as("the queue keeps growing: nothing is dropped").isGreaterThan(100);
        assertThat(p90).as("p90 wait of the items sent, the newest, against %.1f s first in, first out: %s",
                fifoWaitSeconds, waits).isLessThan(0.25).isLessThan(fifoWaitSeconds / 10);
        assertThat(queue().required("lifo_active").booleanValue()).isTrue();
        assertThat(window.perSecond("producer_items_dropped_total")).as("adaptive_lifo drops nothing").isZero();
        lab.status().assertIdentities();
    }

    /**
     * Critical items arrive at 10/s (a fifth of 50), well within the 50/3 the slowed consumer takes, so each waits at
     * most about one take; the sheddable ones share the rest, 6.7 of 40 items/s, and queue ever longer.
     */
    @Test
    @Order(4)
    void underPriorityOrderCriticalItemsWaitLessThanSheddableOnes() {
        overloadThreefold("""
                {"queue_mode": "unbounded", "take_order": "priority", "critical_share": 0.2}""");
        await("sheddable items queue").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> lab.status().size() > 50);

        Window window = watch();

        NavigableMap<Double, Double> critical = window.queueWaits("priority=\"critical\"");
        NavigableMap<Double, Double> sheddable = window.queueWaits("priority=\"sheddable\"");
        assertThat(total(critical)).as("critical items sent: all 10/s made, or nearly: %s", critical)
                .isGreaterThan(0.5 * 10 * window.seconds());
        assertThat(total(sheddable)).as("sheddable items sent: the consumer's rest: %s", sheddable).isPositive();
        double criticalP90 = BucketQuantile.quantile(0.9, critical);
        double sheddableP50 = BucketQuantile.quantile(0.5, sheddable);
        assertThat(criticalP90).as("p90 wait of the critical items sent, against the sheddable ones' p50 of %.2f s: %s",
                sheddableP50, critical).isLessThan(0.25).isLessThan(sheddableP50 / 4);
        assertThat(queue().required("take_order").asString()).isEqualTo("priority");
        assertThat(window.perSecond("producer_items_dropped_total")).as("priority order drops nothing").isZero();
        lab.status().assertIdentities();
    }

    /** The consumer slowed down three times, the queue emptied (not counted: no walk after this one drains). */
    private void overloadThreefold(String producerSettings) {
        compressedLab().slowTheConsumerDown(3);
        lab.clearTheQueue();
        lab.configureProducer(producerSettings);
    }

    private JsonNode queue() {
        return lab.status().json().required("queue");
    }

    private Window watch() {
        long start = System.nanoTime();
        PrometheusScrape before = PrometheusScrape.of(lab.producer());
        lab.watch(Duration.ZERO, WATCH, (producer, consumer) -> { });
        return new Window(before, PrometheusScrape.of(lab.producer()), (System.nanoTime() - start) / 1e9);
    }

    private record Window(PrometheusScrape before, PrometheusScrape after, double seconds) {

        double perSecond(String counter, String... labels) {
            return (after.sum(counter, labels) - before.sum(counter, labels)) / seconds;
        }

        NavigableMap<Double, Double> queueWaits(String... labels) {
            return BucketQuantile.delta(QUEUE_WAIT, before, after, labels);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static double total(NavigableMap<Double, Double> cumulativeBuckets) {
        return cumulativeBuckets.lastEntry().getValue();
    }

    /** Observations in buckets up to the first bucket bound at or above {@code seconds}. */
    private static double observedAtMost(NavigableMap<Double, Double> cumulativeBuckets, double seconds) {
        return cumulativeBuckets.ceilingEntry(seconds).getValue();
    }
}
