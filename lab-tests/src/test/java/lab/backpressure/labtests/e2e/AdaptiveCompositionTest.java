package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.support.CompressedStart;
import lab.backpressure.labtests.support.LabHttp;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 2, on the real jars: the adaptive mode reaches the consumer's capacity whatever
 * {@code delivery_limit} is behind it. At 20 ms × 1 slot from a {@code production_rate} of 500 it produces at least
 * {@link #SETTLED_SHARE} × the capacity in the 10 s after the first 20 s, under every limit the producer has registered (as its 400
 * for an unknown one lists them); after the capacity doubles (10 ms), at least as much of the new capacity in the 10 s
 * after the first 30 s. Capacity is what this machine's consumer manages through the producer, measured first with a
 * full queue and two requests in flight, since a shared 2-core machine does not reach the nominal capacity.
 *
 * <p>The case on a clock twice as fast ({@link CompressedStart}, as every compressed walk): 10 ms and then
 * 5 ms an item, from 1000 items/s, the adaptive mode's target wait and every other time setting halved; each
 * duration above is halved too, so the case takes half its real time (about 3 minutes, not 6). Twice and no more:
 * at 4 ms and 2 ms an item (five times) a request's own cost on a loaded machine is as long as the processing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class AdaptiveCompositionTest {

    /**
     * The 0.9 less the noise of a 10 s window on a 2-core machine shared with other builds (±10 % seen at
     * load average 20; {@code AdaptiveModeTest} holds the 0.9 itself on a fake clock). Main's mode reached 0.2–0.66.
     */
    private static final double SETTLED_SHARE = 0.85;
    /**
     * What is measured is production against the capacity measured here, so a slower machine still measures it; under
     * this share of nominal the machine is too busy to say anything. 0.58 was seen at 5 ms an item in CI, beside the
     * embedded Kafka broker of {@code KafkaWalkthroughTest} in the other fork.
     */
    private static final double LEAST_CAPACITY_SHARE = 0.45;
    private static final TimeScale SPEED = new TimeScale(2);
    /** The processing times and rate, in real time; {@link #SPEED} scales them. */
    private static final int PROCESSING_MS = 20;
    private static final int DOUBLED_PROCESSING_MS = 10;
    private static final int PRODUCTION_RATE = 500;
    private static final int CEILING_RATE = 300;
    private static final Duration SETTLE = SPEED.duration(Duration.ofSeconds(20));
    private static final Duration SETTLE_AFTER_DOUBLING = SPEED.duration(Duration.ofSeconds(30));
    /** Long enough for some 300 items at the compressed 20 ms capacity; each second more costs 10 s of CI. */
    private static final Duration WINDOW = SPEED.duration(Duration.ofSeconds(6));
    private static final Duration CEILING_WARM_UP = SPEED.duration(Duration.ofSeconds(3));
    private static final Duration CEILING_WINDOW = SPEED.duration(Duration.ofSeconds(6));
    private static final Pattern KNOWN = Pattern.compile("known algorithms: \\[(.*)]");

    @AutoClose
    private RunningLab lab;
    private double capacityAt20Ms;
    private double capacityAt10Ms;

    @BeforeAll
    void startTheLabAndMeasureTheConsumersCapacity() {
        lab = RunningLab.compressed(SPEED);
        capacityAt20Ms = ceiling(PROCESSING_MS);
        capacityAt10Ms = ceiling(DOUBLED_PROCESSING_MS);
        // a machine too busy to give the consumer most of its nominal capacity measures nothing
        assertThat(capacityAt20Ms).as("capacity at 20 ms an item, compressed")
                .isGreaterThan(LEAST_CAPACITY_SHARE * nominalCapacity(PROCESSING_MS));
        assertThat(capacityAt10Ms).as("capacity at 10 ms an item, compressed")
                .isGreaterThan(LEAST_CAPACITY_SHARE * nominalCapacity(DOUBLED_PROCESSING_MS));
    }

    @Test
    void theAdaptiveModeSettlesAtTheCapacityBehindEveryRegisteredDeliveryLimitAndFollowsItWhenItDoubles() {
        List<String> limits = registeredLimits();
        assertThat(limits).as("the registered delivery limits").contains("fixed", "aimd", "vegas", "gradient2");

        List<String> missed = new ArrayList<>();
        for (String limit : limits) {
            fromScratch(PROCESSING_MS);
            lab.configureProducer("""
                    {"queue_mode": "adaptive", "production_rate": %d, "delivery_limit": "%s"}""".formatted(
                    PRODUCTION_RATE * SPEED.speed(), limit));
            double settled = producedPerSecondAfter(SETTLE);
            lab.configureConsumer("""
                    {"processing_time_ms": %d}""".formatted(DOUBLED_PROCESSING_MS / SPEED.speed()));
            double doubled = producedPerSecondAfter(SETTLE_AFTER_DOUBLING);
            String reading = "%s: %.1f/s against %.1f/s, after doubling %.1f/s against %.1f/s".formatted(limit, settled,
                    capacityAt20Ms, doubled, capacityAt10Ms);
            System.out.println("AdaptiveCompositionTest " + reading);
            if (settled < SETTLED_SHARE * capacityAt20Ms || doubled < SETTLED_SHARE * capacityAt10Ms) {
                missed.add(reading);
            }
        }

        assertThat(missed).as("limits under which production stayed below %s × the capacity", SETTLED_SHARE).isEmpty();
    }

    /** The names {@code delivery_limit} accepts, as the producer's refusal of an unknown one lists them. */
    private List<String> registeredLimits() {
        LabHttp.Response refusal = LabHttp.post(lab.producer().baseUrl() + "/admin/config?dry_run=true", """
                {"delivery_limit": "none of them"}""");
        assertThat(refusal.status()).isEqualTo(400);
        Matcher known = KNOWN.matcher(refusal.json().required("detail").asString());
        assertThat(known.find()).as("the known algorithms in %s", refusal.body()).isTrue();
        return Arrays.stream(known.group(1).split(",")).map(String::strip).toList();
    }

    /**
     * Items per second the consumer takes through the producer at this processing time, with more than it can take
     * waiting (a bounded queue kept full) and the default two requests in flight.
     */
    private double ceiling(int processingTimeMs) {
        fromScratch(processingTimeMs);
        lab.configureProducer("""
                {"queue_mode": "bounded", "max_queue_size": 200, "production_rate": %d}""".formatted(
                CEILING_RATE * SPEED.speed()));
        RunningLab.pause(CEILING_WARM_UP);
        long before = lab.status().sent();
        long start = System.nanoTime();
        RunningLab.pause(CEILING_WINDOW);
        return (lab.status().sent() - before) / secondsSince(start);
    }

    /** Items per second one slot takes at this (real-time) processing time, on the compressed clock. */
    private static double nominalCapacity(int processingTimeMs) {
        return 1000.0 * SPEED.speed() / processingTimeMs;
    }

    /**
     * The producer back to its start-up settings with its generator on (a walkthrough's lab starts it off), the queue
     * empty, the consumer at {@code processingTimeMs} (real time, compressed here).
     */
    private void fromScratch(int processingTimeMs) {
        LabHttp.postJson(lab.producer().baseUrl() + "/admin/reset", null);
        lab.clearTheQueue();
        lab.configureConsumer("""
                {"processing_time_ms": %d}""".formatted(processingTimeMs / SPEED.speed()));
        lab.configureProducer("""
                {"producing": true}""");
    }

    /**
     * Waits {@code settle}, then answers the items produced per second over the next {@link #WINDOW}, timed from
     * reading to reading: on a compressed clock a slow status call would be a large share of a window.
     */
    private double producedPerSecondAfter(Duration settle) {
        RunningLab.pause(settle);
        long before = lab.status().produced();
        long start = System.nanoTime();
        RunningLab.pause(WINDOW);
        return (lab.status().produced() - before) / secondsSince(start);
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
