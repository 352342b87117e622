package lab.backpressure.producer.delivery.throttling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import lab.backpressure.producer.queue.ItemLedger;
import lab.backpressure.producer.queue.TakenBatch;
import lab.backpressure.producer.queue.TakenItem;
import lab.backpressure.producer.delivery.Attempt;
import lab.backpressure.producer.delivery.DeliveryResult;
import lab.backpressure.producer.delivery.Verdict;
import lab.backpressure.producer.item.ItemPriority;
import lab.backpressure.producer.item.WorkItem;
import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The throttle's probability at known counts, on a fake clock, and the policy's verdicts. */
class ClientThrottlingTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final TakenBatch BATCH = new TakenBatch(List.of(new TakenItem(
            new WorkItem(1, 0, 0, WorkItem.NO_DEADLINE, ItemPriority.SHEDDABLE, "x"), 0, 0, "unbounded")));
    private static final Attempt FIRST = new Attempt(BATCH, 1, false, false);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void theProbabilityIsMaxOfZeroAndRequestsLessKAcceptsOverRequestsPlusOne() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, WINDOW, nanos::get);
        assertThat(throttle.dropProbability()).as("nothing counted").isZero();

        IntStream.range(0, 10).forEach(_ -> throttle.requested());
        assertThat(throttle.dropProbability()).as("10 requests, no accept").isCloseTo(10.0 / 11, within(1e-12));

        IntStream.range(0, 5).forEach(_ -> throttle.accepted());
        assertThat(throttle.dropProbability()).as("10 requests, 5 accepts: K x accepts covers them").isZero();

        IntStream.range(0, 10).forEach(_ -> throttle.requested());
        assertThat(throttle.dropProbability()).as("20 requests, 5 accepts").isCloseTo(10.0 / 21, within(1e-12));
    }

    @Test
    void aSmallerKDropsMore() {
        AdaptiveThrottle eager = new AdaptiveThrottle(1.1, WINDOW, nanos::get);
        IntStream.range(0, 20).forEach(_ -> eager.requested());
        IntStream.range(0, 5).forEach(_ -> eager.accepted());

        assertThat(eager.dropProbability()).isCloseTo((20 - 1.1 * 5) / 21, within(1e-12));
    }

    @Test
    void countsExpireWithTheWindow() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(2.0, WINDOW, nanos::get);
        IntStream.range(0, 10).forEach(_ -> throttle.requested());
        nanos.addAndGet(WINDOW.minusMillis(1).toNanos());
        assertThat(throttle.dropProbability()).isPositive();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());

        assertThat(throttle.dropProbability()).isZero();
        assertThat(throttle.requests()).isZero();
    }

    @Test
    void refusalsAreNoAcceptsAndTheThrottleThenDropsAsClientThrottled() throws InterruptedException {
        ClientThrottlingPolicy policy = new ClientThrottlingPolicy(TestSettings.of(
                new ClientThrottlingPolicy.Throttling("on", 2.0, 10_000)), nanos::get, () -> 0.7);
        List<DeliveryResult> refusals = List.of(
                new DeliveryResult.Throttled(Duration.ofSeconds(1), "HTTP 429 from the consumer"),
                new DeliveryResult.Unavailable("HTTP 503 from the consumer"),
                new DeliveryResult.TimedOut("no answer"));
        for (DeliveryResult refusal : refusals) {
            assertThat(policy.admit(FIRST)).as("p = 0, 1/2, 2/3: under the draw of 0.7").isEqualTo(Verdict.SEND);
            policy.send(BATCH, _ -> refusal);
        }

        assertThat(policy.dropProbability()).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(policy.admit(FIRST)).isEqualTo(new Verdict.GiveUp(ItemLedger.CLIENT_THROTTLED));
    }

    @Test
    void acceptedAnswersKeepTheProbabilityAtZero() throws InterruptedException {
        ClientThrottlingPolicy policy = new ClientThrottlingPolicy(TestSettings.of(
                new ClientThrottlingPolicy.Throttling("on", 2.0, 10_000)), nanos::get, () -> 0.0);
        for (int i = 0; i < 10; i++) {
            assertThat(policy.admit(FIRST)).isEqualTo(Verdict.SEND);
            policy.send(BATCH, _ -> DeliveryResult.Delivered.INSTANCE);
        }
        assertThat(policy.dropProbability()).isZero();
    }
}
