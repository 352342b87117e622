package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import lab.backpressure.labtests.support.ConsumerStatus;
import lab.backpressure.labtests.support.ProducerStatus;
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
import static org.awaitility.Awaitility.await;

/**
 * Deadline propagation on the real jars, as Exercise 23 (docs/exercises/23-deadline-propagation.md) shows it: the
 * consumer takes 50 ms per item on average, drawn exponentially (20 items/s), the producer makes 24 items/s (1.2x
 * its capacity) into an unbounded FIFO queue, and each item's client waits 1 s. With {@code drop_expired} off the
 * backlog grows without end and nearly every item the consumer processes is late: wasted work. With it on, an
 * item that reaches its slot past its deadline costs no processing time: the backlog stops growing, most of the
 * consumer's work is in time again, and the producer drops each expired item as {@code expired_at_consumer}.
 *
 * <p>Wasted work is read as the late share of the items processed, {@code late / processed}. It does not fall to
 * 0 in a FIFO queue: an item is processed only if it reaches its slot before its deadline, and under a standing
 * overload the items that do so arrive there just before it (the head's age hovers at the deadline), so an item
 * whose draw is longer than what is left of its deadline still ends late. With exponential draws a third to a half
 * of them (0.29 by {@code lab run 23}); with constant draws longer than the gap between arrivals nearly all, as
 * with it off. The queue disciplines that serve the newest first keep it near 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DeadlineWalkthroughTest {

    private static final int PROCESSING_TIME_MS = 50;
    private static final int PRODUCTION_RATE = 24;
    private static final double CAPACITY = 1000.0 / PROCESSING_TIME_MS;
    private static final long CLIENT_DEADLINE_MS = 1000;
    /** Items queued: 2 s of the consumer's work, twice the client deadline. */
    private static final long BACKLOG = 40;
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);

    @AutoClose
    private RunningLab lab;

    @BeforeAll
    void startTheLabOverloaded() {
        lab = RunningLab.start(PROCESSING_TIME_MS, PRODUCTION_RATE);
        lab.configureConsumer("""
                {"processing_distribution": "exponential", "processing_seed": 7}""");
        lab.configureProducer("""
                {"client_deadline_ms": %d}""".formatted(CLIENT_DEADLINE_MS));
    }

    @Test
    @Order(1)
    void withDropExpiredOffNearlyAllTheConsumersWorkIsLate() {
        await("a backlog of twice the client deadline").atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> lab.status().size() >= BACKLOG);

        Measured off = measure(Duration.ZERO);
        System.out.println("drop_expired off: " + off);

        assertThat(off.lateShare()).as("wasted work with drop_expired off: %s", off).isGreaterThanOrEqualTo(0.8);
        assertThat(off.goodPerSecond()).as("goodput: %s", off).isLessThan(0.1 * CAPACITY);
        assertThat(off.expired()).isZero();
        assertThat(off.queueGrowth()).as("the backlog keeps growing: %s", off).isPositive();
    }

    @Test
    @Order(2)
    void withDropExpiredOnExpiredItemsCostNothingAndMostWorkIsInTimeAgain() {
        lab.configureConsumer("""
                {"drop_expired": "on"}""");

        Measured on = measure(SETTLE);
        System.out.println("drop_expired on: " + on);

        assertThat(on.lateShare()).as("wasted work with drop_expired on: %s", on).isLessThan(0.75);
        // measured 7.3/s on a busy 2-core machine that processed 15 of its 20 items/s
        assertThat(on.goodPerSecond()).as("goodput: %s", on).isGreaterThan(0.25 * CAPACITY);
        assertThat(on.expired()).as("the items nobody waits for any more: %s", on).isPositive();
        // the two readings are a moment apart: up to two answers (the delivery limit) on their way at each end
        assertThat(on.droppedAtTheProducer()).as("each expired item dropped as expired_at_consumer: %s", on)
                .isCloseTo(on.expired(), within(4L));
        assertThat(lab.status().size()).as("the backlog stopped growing").isLessThan(BACKLOG);
    }

    /** The consumer's and the producer's counts over a window after {@code settle}; every reading's books checked. */
    private Measured measure(Duration settle) {
        lab.watch(settle, Duration.ZERO, (producer, consumer) -> { });
        Reading before = reading();
        lab.watch(Duration.ZERO, WINDOW, (producer, consumer) -> { });
        Reading after = reading();
        return new Measured(after.consumer.processed() - before.consumer.processed(),
                after.consumer.late() - before.consumer.late(), after.consumer.good() - before.consumer.good(),
                after.consumer.expired() - before.consumer.expired(),
                after.producer.dropped() - before.producer.dropped(), after.producer.size() - before.producer.size(),
                (after.nanos - before.nanos) / 1e9);
    }

    private Reading reading() {
        return new Reading(lab.consumerStatus(), lab.status(), System.nanoTime());
    }

    private record Reading(ConsumerStatus consumer, ProducerStatus producer, long nanos) {
    }

    private record Measured(long processed, long late, long good, long expired, long droppedAtTheProducer,
                            long queueGrowth, double seconds) {

        @Override
        public String toString() {
            return ("late share %.2f (%d of %d processed), goodput %.1f/s, %d expired, %d dropped at the producer, "
                    + "queue %+d in %.1f s").formatted(lateShare(), late, processed, goodPerSecond(), expired,
                    droppedAtTheProducer, queueGrowth, seconds);
        }

        double lateShare() {
            return (double) late / processed;
        }

        double goodPerSecond() {
            return good / seconds;
        }
    }
}
