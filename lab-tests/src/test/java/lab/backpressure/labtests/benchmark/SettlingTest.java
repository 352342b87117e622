package lab.backpressure.labtests.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SettlingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TAIL = Duration.ofSeconds(5);
    private static final Duration HOLD = Duration.ofSeconds(5);
    private static final double BAND = 0.1;
    private static final int INTERVALS = 20;

    @Test
    void aStepSettlesWhenTheNewRateBegins() {
        Settling settling = Settling.of(readings(k -> k <= 3 ? 50 : 100), INTERVAL, TAIL, HOLD, BAND);

        assertThat(settling.steadyPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(settling.seconds()).isCloseTo(3, within(1e-9));
    }

    @Test
    void aRateThatNeverChangesHasSettledAtOnce() {
        assertThat(Settling.of(readings(k -> 100), INTERVAL, TAIL, HOLD, BAND).seconds()).isZero();
    }

    @Test
    void aRateStillClimbingHasNotSettled() {
        Settling settling = Settling.of(readings(k -> 10L * k), INTERVAL, TAIL, HOLD, BAND);

        assertThat(settling.settled()).isFalse();
        assertThat(settling.seconds()).isNaN();
    }

    @Test
    void aRateThatPassesThroughTheBandAndLeavesItAgainCountsFromWhenItStays() {
        // in the band for intervals 2-4, out at 5-7, back in from 8 on
        Settling settling = Settling.of(readings(k -> k >= 2 && k <= 4 || k >= 8 ? 100 : 60), INTERVAL, TAIL, HOLD, BAND);

        assertThat(settling.seconds()).isCloseTo(7, within(1e-9));
    }

    @Test
    void aStretchShorterThanTheHoldHasNotSettled() {
        Settling settling = Settling.of(readings(k -> k <= INTERVALS - 3 ? 50 : 100), INTERVAL, Duration.ofSeconds(3),
                HOLD, BAND);

        assertThat(settling.steadyPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(settling.settled()).isFalse();
    }

    /** Readings one second apart whose interval k (from reading k-1 to k, k = 1..20) processed {@code perSecond(k)} items. */
    private static List<ConsumerReading> readings(IntToLongFunction perSecond) {
        List<ConsumerReading> readings = new ArrayList<>(List.of(new ConsumerReading(0, 0, 0)));
        for (int k = 1; k <= INTERVALS; k++) {
            ConsumerReading previous = readings.getLast();
            readings.add(new ConsumerReading(previous.nanos() + INTERVAL.toNanos(),
                    previous.processed() + perSecond.applyAsLong(k), 0));
        }
        return readings;
    }
}
