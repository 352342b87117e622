package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.support.CompressedStart;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * What Exercise 14 (docs/exercises/14-shedding.md) says that its file cannot check, because the consumer's
 * {@code /status} counts shed requests but not by priority, and a run ends before the backlog is delivered: with
 * {@code critical_share} 0.25 the consumer sheds sheddable requests and never a critical one, a quarter of the items
 * it processes are critical, and once the consumer is healed every item produced is delivered, each throttled one
 * included. The rest of Exercises 13, 14 and 16 is checked by their files ({@code ExerciseWalkthroughTest}).
 *
 * <p>Time is compressed fivefold ({@link CompressedStart}): the consumer takes 20 ms per item, 100 ms once slowed
 * down five times as the exercise does (10 items/s instead of 2), and the producer makes 50 items/s instead of 10.
 * The consumer's {@code Retry-After} is whole seconds and not compressed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PushbackWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    private static final int SLOW_DOWN_FACTOR = 5;
    private static final int MAX_WAITING = 2;
    private static final double CRITICAL_SHARE = 0.25;
    /** The consumer's default {@code critical_reserve}: places beyond max_waiting only critical requests may take. */
    private static final int CRITICAL_RESERVE = 2;

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration WATCH = Duration.ofSeconds(5);

    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheLab() {
        lab = RunningLab.compressed(SPEED);
    }

    @Test
    void criticalItemsAreNeverShedAndEveryThrottledItemIsDeliveredInTheEnd() {
        lab.slowTheConsumerDown(SLOW_DOWN_FACTOR);
        lab.configureConsumer("""
                {"max_waiting": 2}""");
        // as in the exercise, a timeout far above any round trip here: only a 429 makes aimd back off
        lab.configureProducer("""
                {"delivery_limit": "aimd", "aimd_timeout_ms": 5000, "critical_share": 0.25}""");
        lab.clearTheQueue();

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
    }
}
