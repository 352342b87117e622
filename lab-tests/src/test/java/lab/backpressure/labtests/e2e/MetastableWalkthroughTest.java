package lab.backpressure.labtests.e2e;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import lab.backpressure.lab.run.TimeScale;
import lab.backpressure.labtests.support.CompressedStart;
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
import static org.awaitility.Awaitility.await;

/**
 * The metastable failure of Exercise 27 (docs/exercises/27-metastable-failure.md) on the real jars, {@link #SPEED}
 * times faster than the handout ({@link CompressedStart}: 20 ms an item, 50 items/s nominal): items produced at 0.6 of
 * capacity (the exercise's 0.8, see below), 64 requests in flight, a 500 ms attempt timeout and a 2 s client deadline.
 * The lab is stable. A 15 s slow-down by 5 (3 s here) tips it into a collapse its own retries sustain: the 64 workers
 * each retry once per attempt timeout plus the longest backoff, 64 / 1 s into a consumer that takes 50 at most, so
 * every request waits past its attempt's deadline, and goodput stays under 0.2 of capacity for the 60 s (12 s) after
 * the trigger has ended while the consumer works on answers nobody waits for. Two defences, each switched on in a
 * collapse (the second in a fresh one), end it: client-side adaptive throttling, and deadline propagation with an
 * adaptive limit ({@code drop_expired}, {@code drop_past_deadline}, {@code aimd}). Recovered is goodput at 0.9 of the
 * rate produced (all a lab below capacity can give) over {@link #RECOVERED_OVER}. One lab serves every phase.
 *
 * <p>Three times are not compressed. The attempt timeout: five times faster it is 100 ms, which this shared 2-core
 * machine's stalls exceed (load average 12 to 23 while this was written), and the stable phase collapsed by itself
 * within seconds of the start, warmed up and drained: at 0.8 of capacity with 100 ms (goodput 2.0 of 40 items/s, all
 * the consumer's answers late), at 0.6 with 100 ms (0.2 of 30) and 200 ms (4.3 of 30), at 0.4 with 200 ms in 1 of 3
 * (3.5 of 20); a stall longer than the timeout strands the requests that arrived meanwhile, and their retries on top
 * of the load exceed what a loaded consumer takes. With 500 ms it held at 0.4 (load 11 to 18), 0.6 (load 7 to 11,
 * twice) and 0.8 (load 8 to 12), but at 0.8 it collapsed by itself once at load 17 (goodput 10.2 of 40 items/s), so
 * this walk produces 0.6: the edge is nearer under a loaded machine than at real speed. The client deadline stays
 * four attempt timeouts, as in the exercise. And so that the collapse still sustains itself, the longest backoff is
 * 500 ms (a start-up setting), not 1 s: 64 / 1.5 s would be 43 attempts/s, under the consumer's capacity. The JVMs
 * are warmed up at the default timeout and drained first, since a backlog sent 64 at a time would itself be a
 * trigger. The retry budget is not among the defences: its 10 s window is no setting and does not compress.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MetastableWalkthroughTest {

    private static final TimeScale SPEED = new TimeScale(5);
    private static final double CAPACITY = 10.0 * SPEED.speed();
    private static final double PRODUCED = 6.0 * SPEED.speed();
    /** The attempt timeout and the client deadline not compressed: see the class comment. */
    private static final String SETUP = """
            {"production_rate": %s, "delivery_concurrency": 64,
             "attempt_timeout_ms": 500, "client_deadline_ms": 2000}""".formatted(PRODUCED);
    /** The delivery backoff's longest, a start-up setting: 5 s at the handout's speed; see the class comment. */
    private static final Duration LONGEST_BACKOFF = Duration.ofMillis(500);
    private static final Duration WARM_UP = compressed(Duration.ofSeconds(15));
    private static final Duration STABLE = compressed(Duration.ofSeconds(20));
    private static final Duration TRIGGER = compressed(Duration.ofSeconds(15));
    /** After the trigger ends, as exercise 27 lets it: the consumer's speed back, its line still long. */
    private static final Duration SETTLE = compressed(Duration.ofSeconds(10));
    /** With {@link #SETTLE}, the 60 s after the trigger the issue asks the collapse to outlast. */
    private static final Duration COLLAPSE = compressed(Duration.ofSeconds(50));
    private static final Duration COLLAPSE_AGAIN = compressed(Duration.ofSeconds(15));
    private static final Duration RECOVERED_OVER = compressed(Duration.ofSeconds(8));
    /**
     * Generous: measured 15 to 23 s (throttling) and 1.5 to 3.6 s (deadlines and aimd) compressed, 22 s and 2 s by
     * hand at the handout's speed.
     */
    private static final Duration RECOVERY_BOUND = compressed(Duration.ofSeconds(240));
    private static final Duration POLL = Duration.ofMillis(250);
    /** A progress line every 2 s of a recovery, for the record. */
    private static final int PROGRESS_EVERY = 8;

    @AutoClose
    private RunningLab lab;

    /**
     * Warmed up at the default attempt timeout, then drained: a request still waiting at the consumer when the timeout
     * shrinks, or a backlog sent 64 at a time, would itself be a trigger.
     */
    @BeforeAll
    void startTheLabWarmAndEmpty() {
        lab = RunningLab.compressed(SPEED, "lab.producer.delivery.backoff.max", LONGEST_BACKOFF.toMillis() + "ms");
        lab.configureProducer("""
                {"production_rate": %s}""".formatted(PRODUCED));
        RunningLab.pause(WARM_UP);
        lab.configureProducer("""
                {"producing": false}""");
        lab.clearTheQueue();
        await("nothing in flight, nothing waiting at the consumer").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                .until(() -> lab.status().inFlight() == 0 && lab.consumerStatus().waiting() == 0);
        lab.configureProducer(SETUP);
        lab.configureProducer("""
                {"producing": true}""");
    }

    @Test
    @Order(1)
    void atSixTenthsOfCapacityTheLabIsStable() {
        Rates stable = measure(STABLE);
        System.out.println("stable: " + stable);

        assertThat(stable.good()).as("goodput, stable: %s", stable).isGreaterThanOrEqualTo(0.9 * PRODUCED);
        assertThat(stable.late()).as("the consumer's late answers, stable: %s", stable).isLessThan(0.02 * CAPACITY);
    }

    @Test
    @Order(2)
    void aFifteenSecondSlowDownTipsItIntoACollapseThatOutlivesTheTriggerByAMinute() {
        trigger();

        Rates collapse = measure(COLLAPSE);
        System.out.println("after the trigger: " + collapse);

        assertCollapsed(collapse);
        assertThat(collapse.attempts()).as("attempts, the retries among them, in the collapse: %s", collapse)
                .isGreaterThanOrEqualTo(0.8 * CAPACITY);
    }

    @Test
    @Order(3)
    void clientThrottlingEndsIt() {
        lab.configureProducer("""
                {"client_throttling": "on"}""");

        Duration recovery = awaitRecovery("client throttling");

        System.out.printf("client throttling recovered in %s%n", recovery);
        lab.configureProducer("""
                {"client_throttling": "off"}""");
    }

    @Test
    @Order(4)
    void deadlinePropagationWithAnAdaptiveLimitEndsAFreshCollapse() {
        trigger();
        assertCollapsed(measure(COLLAPSE_AGAIN));
        lab.configureConsumer("""
                {"drop_expired": "on"}""");
        lab.configureProducer("""
                {"drop_past_deadline": "on", "delivery_limit": "aimd"}""");

        Duration recovery = awaitRecovery("deadline propagation and aimd");

        System.out.printf("deadline propagation and aimd recovered in %s%n", recovery);
    }

    /** The consumer slowed down by 5 for the trigger's length, then back to full speed, and {@link #SETTLE}. */
    private void trigger() {
        lab.slowTheConsumerDown(5);
        RunningLab.pause(TRIGGER);
        lab.slowTheConsumerDown(1);
        RunningLab.pause(SETTLE);
    }

    private static void assertCollapsed(Rates collapse) {
        assertThat(collapse.good()).as("goodput after the trigger: %s", collapse).isLessThan(0.2 * CAPACITY);
        assertThat(collapse.processed()).as("the consumer busy after the trigger: %s", collapse)
                .isGreaterThanOrEqualTo(0.6 * CAPACITY);
        assertThat(collapse.late()).as("on answers nobody waits for: %s", collapse)
                .isGreaterThanOrEqualTo(0.9 * collapse.processed());
    }

    /**
     * Waits for goodput over the last {@link #RECOVERED_OVER} to reach 0.9 of what is produced, within
     * {@link #RECOVERY_BOUND}; answers how long after now it did.
     */
    private Duration awaitRecovery(String defence) {
        long start = System.nanoTime();
        Deque<Reading> readings = new ArrayDeque<>();
        AtomicInteger polls = new AtomicInteger();
        await(defence + " brings goodput back to 0.9 of the " + PRODUCED + " items/s produced over " + RECOVERED_OVER)
                .atMost(RECOVERY_BOUND).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread()
                .until(() -> {
                    ProducerStatus status = lab.status();
                    status.assertIdentities();
                    Reading now = new Reading(System.nanoTime(), status.good());
                    if (polls.incrementAndGet() % PROGRESS_EVERY == 0) {
                        progress(defence, Duration.ofNanos(now.nanos() - start), status);
                    }
                    return recoveredOverTheWindow(readings, now);
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether the readings of the last {@link #RECOVERED_OVER}, {@code now} the newest, show goodput recovered. */
    private static boolean recoveredOverTheWindow(Deque<Reading> readings, Reading now) {
        readings.addLast(now);
        while (readings.size() > 1 && now.nanos() - readings.getFirst().nanos() > RECOVERED_OVER.toNanos()) {
            readings.removeFirst();
        }
        Reading first = readings.getFirst();
        double seconds = (now.nanos() - first.nanos()) / 1e9;
        return seconds >= 0.9 * RECOVERED_OVER.toMillis() / 1000.0
                && (now.good() - first.good()) / seconds >= 0.9 * PRODUCED;
    }

    private void progress(String defence, Duration since, ProducerStatus status) {
        System.out.printf("%s: %.1f s, good %d, attempts %d, in flight %d, queued %d, limit %s, consumer waiting %d%n",
                defence, since.toMillis() / 1000.0, status.good(), status.attempts(), status.inFlight(), status.size(),
                status.json().at("/delivery/limit"), lab.consumerStatus().waiting());
    }

    /** Rates per second over a watched window, the books checked at every reading. */
    private Rates measure(Duration length) {
        ProducerStatus producerBefore = lab.status();
        ConsumerStatus consumerBefore = lab.consumerStatus();
        long start = System.nanoTime();
        lab.watch(Duration.ZERO, length, (producer, consumer) -> { });
        ProducerStatus producerAfter = lab.status();
        ConsumerStatus consumerAfter = lab.consumerStatus();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rates((producerAfter.good() - producerBefore.good()) / seconds,
                (producerAfter.attempts() - producerBefore.attempts()) / seconds,
                (consumerAfter.processed() - consumerBefore.processed()) / seconds,
                (consumerAfter.late() - consumerBefore.late()) / seconds);
    }

    private static Duration compressed(Duration handout) {
        return SPEED.duration(handout);
    }

    private record Reading(long nanos, long good) {
    }

    /** Items per second: the producer's good answers and attempts, the consumer's processed and late answers. */
    private record Rates(double good, double attempts, double processed, double late) {
    }
}
