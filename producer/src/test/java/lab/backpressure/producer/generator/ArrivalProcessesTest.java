package lab.backpressure.producer.generator;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import lab.backpressure.producer.testing.TestSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each arrival process's gaps: their mean is the rate, their shape what the process promises. */
class ArrivalProcessesTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final double RATE = 50;
    private static final int DRAWS = 20_000;

    @Test
    void constantGapsAreExactlyOnePeriod() {
        ConstantArrivals constant = new ConstantArrivals();

        assertThat(LongStream.range(0, 5).map(i -> constant.nextGapNanos(RATE)).distinct()).containsExactly(20 * MILLI);
    }

    @Test
    void poissonGapsAverageOnePeriodVaryLikeAnExponentialAndReplayForTheSameSeed() {
        PoissonArrivals poisson = new PoissonArrivals();
        poisson.restart(TestSettings.of(new ArrivalChoice(PoissonArrivals.NAME, 42)));
        long[] gaps = LongStream.range(0, DRAWS).map(i -> poisson.nextGapNanos(RATE)).toArray();

        double mean = LongStream.of(gaps).average().orElseThrow();
        double variance = LongStream.of(gaps).mapToDouble(gap -> (gap - mean) * (gap - mean)).sum() / DRAWS;
        // an exponential's standard deviation equals its mean: the coefficient of variation is 1
        assertThat(mean).isCloseTo(20 * MILLI, within(0.03 * 20 * MILLI));
        assertThat(Math.sqrt(variance) / mean).isCloseTo(1.0, within(0.05));

        poisson.restart(TestSettings.of(new ArrivalChoice(PoissonArrivals.NAME, 42)));
        assertThat(LongStream.range(0, 5).map(i -> poisson.nextGapNanos(RATE)).toArray())
                .containsExactly(gaps[0], gaps[1], gaps[2], gaps[3], gaps[4]);
        poisson.restart(TestSettings.of(new ArrivalChoice(PoissonArrivals.NAME, 43)));
        assertThat(poisson.nextGapNanos(RATE)).isNotEqualTo(gaps[0]);
    }

    @Test
    void burstyComesFiveTimesFasterForOneSecondThenPausesFourAndAveragesTheRate() {
        BurstyArrivals bursty = new BurstyArrivals();
        bursty.restart(TestSettings.of(new BurstyArrivals.Cycle(1000, 4000)));
        List<Long> cycle = LongStream.range(0, 250).mapToObj(i -> bursty.nextGapNanos(RATE)).toList();

        // 250 items per 5 s cycle: 249 gaps of 4 ms within the burst, then 4 ms + the 4 s silence
        assertThat(cycle.subList(0, 249)).containsOnly(4 * MILLI);
        assertThat(cycle.get(249)).isEqualTo(4 * MILLI + 4000 * MILLI);
        assertThat(cycle.stream().mapToLong(Long::longValue).sum()).isEqualTo(5000 * MILLI);
    }
}
