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
 * backlog grows without end and nearly all the consumer's work is on items already past their deadline when it
 * begins: wasted work. With it on, an item that reaches its slot past its deadline costs no processing time: the
 * backlog stops growing, the work begun past a deadline falls to near 0, and the producer drops each expired item
 * as {@code expired_at_consumer}.
 *
 * <p>Wasted work is the consumer's time on late answers ÷ its processing time, from
 * {@code consumer_processing_late_seconds_total} (by {@code deadline_passed}) over {@code consumer_processing_seconds}.
 * {@code drop_expired} takes only its {@code before_start} part to near 0. What stays in a FIFO queue is
 * {@code while_processing}: under a standing overload the head's age hovers at the deadline, so the item that
 * reaches the slot has about one gap between arrivals left, and a draw longer than that ends late (for Poisson
 * arrivals at rate λ and exponential work at rate μ, λ/(λ+μ) of the items, 0.55 at 1.2x; measured 0.3-0.5 of the
 * time). A newest-first order leaves it no such item: with {@code adaptive_lifo} the whole of it falls near 0.
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
    private static final Duration WINDOW = Duration.ofSeconds(10);
    /** Wasted work this small is near 0: a few late draws in a window of hundreds. */
    private static final double NEAR_ZERO = 0.1;
    private static final String LATE_SECONDS = "consumer_processing_late_seconds_total";
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

        assertThat(off.lateShare()).as("late share with drop_expired off: %s", off).isGreaterThanOrEqualTo(0.8);
        assertThat(off.wastedBeforeStart()).as("work begun past its deadline, drop_expired off: %s", off)
                .isGreaterThanOrEqualTo(0.8);
        // measured 1.0, 0, 1.3 and 2.4/s: items drawn short while the backlog was still near 40 end in time
        assertThat(off.goodPerSecond()).as("goodput: %s", off).isLessThan(0.2 * CAPACITY);
        assertThat(off.expired()).isZero();
        assertThat(off.queueGrowth()).as("the backlog keeps growing: %s", off).isPositive();
    }

    @Test
    @Order(2)
    void withDropExpiredOnNoWorkBeginsPastItsDeadline() {
        Measured on = measureAfter("drop_expired on", () -> lab.configureConsumer("""
                {"drop_expired": "on"}"""));

        assertThat(on.wastedBeforeStart()).as("work begun past its deadline, drop_expired on: %s", on)
                .isLessThan(NEAR_ZERO);
        // what stays is work begun in time that ran past it, the FIFO edge (the class comment): measured 0.69 of the
        // time, on 0.39-0.52 of the items
        assertThat(on.lateShare()).as("late share with drop_expired on: %s", on).isLessThan(0.75);
        // measured 7.3/s on a busy 2-core machine that processed 15 of its 20 items/s
        assertThat(on.goodPerSecond()).as("goodput: %s", on).isGreaterThan(0.25 * CAPACITY);
        assertThat(on.expired()).as("the items nobody waits for any more: %s", on).isPositive();
        // the two readings are a moment apart: up to two answers (the delivery limit) on their way at each end
        assertThat(on.droppedAtTheProducer()).as("each expired item dropped as expired_at_consumer: %s", on)
                .isCloseTo(on.expired(), within(4L));
        assertThat(lab.status().size()).as("the backlog stopped growing").isLessThan(BACKLOG);
    }

    @Test
    @Order(3)
    void withDropExpiredOnAndTheNewestFirstWastedWorkIsNearZero() {
        Measured newestFirst = measureAfter("drop_expired on, adaptive_lifo", () -> lab.configureProducer("""
                {"take_order": "adaptive_lifo"}"""));

        assertThat(newestFirst.wasted()).as("wasted work, drop_expired on and adaptive_lifo: %s", newestFirst)
                .isLessThan(NEAR_ZERO);
        assertThat(newestFirst.goodPerSecond()).as("goodput: %s", newestFirst).isGreaterThan(0.5 * CAPACITY);
    }

    /** {@code change} made, then measured after the settle time, and printed as {@code what}. */
    private Measured measureAfter(String what, Runnable change) {
        change.run();
        Measured measured = measure(SETTLE);
        System.out.println(what + ": " + measured);
        return measured;
    }

    /** The consumer's and the producer's counts over a window after {@code settle}; every reading's books checked. */
    private Measured measure(Duration settle) {
        lab.watch(settle, Duration.ZERO, (producer, consumer) -> { });
        Reading before = reading();
        RunningLab.Window window = lab.watch(Duration.ZERO, WINDOW, (producer, consumer) -> { });
        Reading after = reading();
        return new Measured(after.consumer.processed() - before.consumer.processed(),
                after.consumer.late() - before.consumer.late(), after.consumer.good() - before.consumer.good(),
                after.consumer.expired() - before.consumer.expired(),
                after.producer.dropped() - before.producer.dropped(), after.producer.size() - before.producer.size(),
                (after.nanos - before.nanos) / 1e9, window.consumerMetric("consumer_processing_seconds_sum"),
                window.consumerMetric(LATE_SECONDS, "deadline_passed=\"before_start\""),
                window.consumerMetric(LATE_SECONDS, "deadline_passed=\"while_processing\""));
    }

    private Reading reading() {
        return new Reading(lab.consumerStatus(), lab.status(), System.nanoTime());
    }

    private record Reading(ConsumerStatus consumer, ProducerStatus producer, long nanos) {
    }

    private record Measured(long processed, long late, long good, long expired, long droppedAtTheProducer,
                            long queueGrowth, double seconds, double busySeconds, double lateBeforeStartSeconds,
                            double lateWhileProcessingSeconds) {

        @Override
        public String toString() {
            return ("wasted work %.2f (begun past the deadline %.2f, ran past it %.2f, of %.1f s processing), late "
                    + "share %.2f (%d of %d processed), goodput %.1f/s, %d expired, %d dropped at the producer, "
                    + "queue %+d in %.1f s").formatted(wasted(), wastedBeforeStart(),
                    lateWhileProcessingSeconds / busySeconds, busySeconds, lateShare(), late, processed,
                    goodPerSecond(), expired, droppedAtTheProducer, queueGrowth, seconds);
        }

        double lateShare() {
            return (double) late / processed;
        }

        /** The consumer's time on late answers ÷ its processing time. */
        double wasted() {
            return (lateBeforeStartSeconds + lateWhileProcessingSeconds) / busySeconds;
        }

        /** The part of it on items already past their deadline when their processing began. */
        double wastedBeforeStart() {
            return lateBeforeStartSeconds / busySeconds;
        }

        double goodPerSecond() {
            return good / seconds;
        }
    }
}
