package lab.backpressure.consumer.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import lab.backpressure.consumer.processing.Processing.Distribution;
import lab.backpressure.support.settings.AdminSettings;
import lab.backpressure.support.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessingTest {

    private final Random random = new Random(18);

    /** 100 ms an item: fixed, then slowed down 5x (the draw and the mean multiplied, capacity divided). */
    @ParameterizedTest(name = "factor {0}")
    @CsvSource({"1.0, 100, 10.0", "5.0, 500, 2.0"})
    void fixedProcessingTakesTheConfiguredTimeTimesTheSlowDown(double factor, long ms, double capacity) {
        Processing processing = processing(100, false, 50, 500, 1, 0);

        assertThat(processing.drawProcessingTimeMs(random, factor)).isEqualTo(ms);
        assertThat(Processing.effectiveProcessingTimeMs(settings(processing, factor))).isEqualTo((double) ms);
        assertThat(Processing.capacityPerSecond(settings(processing, factor), 1)).isEqualTo(capacity);
    }

    @Test
    void fractionalSlowDownRoundsToWholeMilliseconds() {
        assertThat(processing(3, false, 50, 500, 1, 0).drawProcessingTimeMs(random, 1.5)).isEqualTo(5);
    }

    /** The handout's variable_processing, or uniform named: every whole millisecond in [min, max]. */
    @ParameterizedTest(name = "variable_processing {0}, {1}")
    @CsvSource({"true, CONSTANT", "false, UNIFORM", "true, UNIFORM"})
    void uniformDrawsEveryValueWithinMinAndMax(boolean variableProcessing, Distribution distribution) {
        Processing processing = processing(100, variableProcessing, 10, 14, distribution);

        Set<Long> drawn = new HashSet<>();
        LongStream.range(0, 1_000).forEach(i -> drawn.add(processing.drawProcessingTimeMs(random, 1.0)));

        assertThat(drawn).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L);
        assertThat(Processing.effectiveProcessingTimeMs(settings(processing, 1.0))).isEqualTo(12.0);
    }

    @Test
    void variableProcessingIsSlowedDownToo() {
        Processing processing = processing(100, true, 50, 500, 1, 0);

        LongStream.range(0, 1_000).forEach(i ->
                assertThat(processing.drawProcessingTimeMs(random, 2.0)).isBetween(100L, 1_000L));
        assertThat(Processing.effectiveProcessingTimeMs(settings(processing, 2.0))).isEqualTo(550.0);
    }

    /** Exponential: mean processing_time_ms and a standard deviation as large (coefficient of variation 1). */
    @Test
    void exponentialDrawsHaveTheProcessingTimeAsMeanAndACoefficientOfVariationOfOne() {
        Processing processing = processing(100, false, 50, 500, Distribution.EXPONENTIAL);

        double[] drawn = LongStream.range(0, 20_000)
                .mapToDouble(i -> processing.drawProcessingTimeMs(random, 1.0)).toArray();

        double mean = Arrays.stream(drawn).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(drawn).map(d -> (d - mean) * (d - mean)).sum() / drawn.length);
        assertThat(mean / 100).as("mean / processing_time_ms").isCloseTo(1.0, within(0.05));
        assertThat(sd / mean).as("coefficient of variation").isCloseTo(1.0, within(0.05));
        assertThat(Processing.effectiveProcessingTimeMs(settings(processing, 1.0))).isEqualTo(100.0);
    }

    @Test
    void theSlowDownScalesEveryExponentialDraw() {
        Processing processing = processing(100, false, 50, 500, Distribution.EXPONENTIAL);

        LongStream.range(0, 1_000).forEach(i -> {
            long seed = random.nextLong();
            assertThat(processing.drawProcessingTimeMs(new Random(seed), 3.0)).as("seed %d", seed)
                    .isCloseTo(3 * processing.drawProcessingTimeMs(new Random(seed), 1.0), within(2L));
        });
        assertThat(Processing.effectiveProcessingTimeMs(settings(processing, 3.0))).isEqualTo(300.0);
    }

    @Test
    void theHandoutsVariableProcessingIsUniformUnlessExponentialIsChosen() {
        Processing exponential = processing(100, true, 10, 14, Distribution.EXPONENTIAL);

        assertThat(LongStream.range(0, 1_000).map(i -> exponential.drawProcessingTimeMs(random, 1.0)).max()
                .orElseThrow()).as("beyond the uniform's max").isGreaterThan(14);
        assertThat(Processing.effectiveProcessingTimeMs(settings(exponential, 1.0))).isEqualTo(100.0);
    }

    @Test
    void theRequestOverheadComesOnTopOfTheItem() {
        Processing processing = processing(100, false, 50, 500, 3, 50);

        assertThat(processing.drawProcessingTimeMs(random, 2.0)).isEqualTo(200);
        assertThat(processing.requestTimeMs(1, 2.0)).isEqualTo(250.0);
        assertThat(Processing.capacityPerSecond(settings(processing, 2.0), 1)).isEqualTo(12.0);
    }

    @Test
    void aBatchPaysTheOverheadOnceForAllItsItems() {
        Processing processing = processing(5, false, 50, 500, 2, 50);

        assertThat(processing.requestTimeMs(20, 1.0)).isEqualTo(150.0);
        assertThat(Processing.capacityPerSecond(settings(processing, 1.0), 20)).isCloseTo(2 * 20 * 1000 / 150.0,
                within(1e-9));
        assertThat(Processing.capacityPerSecond(settings(processing, 1.0), 1)).isCloseTo(2 * 1000 / 55.0,
                within(1e-9));
    }

    @Test
    void capacityGrowsWithConcurrency() {
        assertThat(Processing.capacityPerSecond(settings(processing(20, false, 50, 500, 4, 0), 1.0), 1))
                .isEqualTo(200.0);
    }

    private static Processing processing(long processingTimeMs, boolean variableProcessing, long processingMinMs,
            long processingMaxMs, int concurrency, long requestOverheadMs) {
        return new Processing(processingTimeMs, variableProcessing, processingMinMs, processingMaxMs, concurrency,
                requestOverheadMs, Distribution.CONSTANT, 1);
    }

    private static Processing processing(long processingTimeMs, boolean variableProcessing, long processingMinMs,
            long processingMaxMs, Distribution distribution) {
        return new Processing(processingTimeMs, variableProcessing, processingMinMs, processingMaxMs, 1, 0,
                distribution, 1);
    }

    private static Settings settings(Processing processing, double slowdownFactor) {
        SlowDown slowDown = new SlowDown(slowdownFactor);
        return new Settings() {
            @Override
            public <S extends AdminSettings> S get(Class<S> type) {
                return type.cast(type == Processing.class ? processing : slowDown);
            }
        };
    }
}
