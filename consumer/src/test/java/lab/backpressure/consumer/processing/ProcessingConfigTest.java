package lab.backpressure.consumer.processing;

import static lab.backpressure.consumer.processing.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcessingConfigTest {

    private final Random random = new Random(18);

    @Test
    void fixedProcessingTakesTheConfiguredTime() {
        ProcessingConfig config = config(100, 1.0, false, 50, 500, 1, 0);

        assertThat(config.drawProcessingTimeMs(random)).isEqualTo(100);
        assertThat(config.effectiveProcessingTimeMs()).isEqualTo(100.0);
        assertThat(config.capacityPerSecond(1)).isEqualTo(10.0);
    }

    @Test
    void slowDownMultipliesTheProcessingTimeAndDividesCapacity() {
        ProcessingConfig config = config(100, 5.0, false, 50, 500, 1, 0);

        assertThat(config.drawProcessingTimeMs(random)).isEqualTo(500);
        assertThat(config.effectiveProcessingTimeMs()).isEqualTo(500.0);
        assertThat(config.capacityPerSecond(1)).isEqualTo(2.0);
    }

    @Test
    void fractionalSlowDownRoundsToWholeMilliseconds() {
        ProcessingConfig config = config(3, 1.5, false, 50, 500, 1, 0);

        assertThat(config.drawProcessingTimeMs(random)).isEqualTo(5);
    }

    @Test
    void variableProcessingDrawsEveryValueWithinMinAndMax() {
        ProcessingConfig config = config(100, 1.0, true, 10, 14, 1, 0);

        Set<Long> drawn = new HashSet<>();
        LongStream.range(0, 1_000).forEach(i -> drawn.add(config.drawProcessingTimeMs(random)));

        assertThat(drawn).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L);
        assertThat(config.effectiveProcessingTimeMs()).isEqualTo(12.0);
    }

    @Test
    void variableProcessingIsSlowedDownToo() {
        ProcessingConfig config = config(100, 2.0, true, 50, 500, 1, 0);

        LongStream.range(0, 1_000).forEach(i ->
                assertThat(config.drawProcessingTimeMs(random)).isBetween(100L, 1_000L));
        assertThat(config.effectiveProcessingTimeMs()).isEqualTo(550.0);
    }

    @Test
    void theRequestOverheadComesOnTopOfTheItem() {
        ProcessingConfig config = config(100, 2.0, false, 50, 500, 3, 50);

        assertThat(config.drawProcessingTimeMs(random)).isEqualTo(200);
        assertThat(config.requestTimeMs(1)).isEqualTo(250.0);
        assertThat(config.capacityPerSecond(1)).isEqualTo(12.0);
    }

    @Test
    void aBatchPaysTheOverheadOnceForAllItsItems() {
        ProcessingConfig config = config(5, 1.0, false, 50, 500, 2, 50);

        assertThat(config.requestTimeMs(20)).isEqualTo(150.0);
        assertThat(config.capacityPerSecond(20)).isCloseTo(2 * 20 * 1000 / 150.0, within(1e-9));
        assertThat(config.capacityPerSecond(1)).isCloseTo(2 * 1000 / 55.0, within(1e-9));
    }

    @Test
    void capacityGrowsWithConcurrency() {
        ProcessingConfig config = config(20, 1.0, false, 50, 500, 4, 0);

        assertThat(config.capacityPerSecond(1)).isEqualTo(200.0);
    }
}
