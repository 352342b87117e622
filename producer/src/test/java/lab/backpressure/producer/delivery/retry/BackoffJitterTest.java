package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The spread of a 1000 ms backoff, over many draws. */
class BackoffJitterTest {

    private static final Duration BACKOFF = Duration.ofMillis(1000);
    private static final int DRAWS = 5000;

    @Test
    void noneKeepsTheBackoff() {
        assertThat(draws(BackoffJitter.NONE).getMin()).isEqualTo(1000);
        assertThat(draws(BackoffJitter.NONE).getMax()).isEqualTo(1000);
    }

    @Test
    void fullDrawsFromZeroToTheBackoffAndUsesAllOfIt() {
        LongSummaryStatistics drawn = draws(BackoffJitter.FULL);

        assertThat(drawn.getMin()).isBetween(0L, 50L);
        assertThat(drawn.getMax()).isBetween(950L, 1000L);
        assertThat(drawn.getAverage()).isBetween(450.0, 550.0);
    }

    @Test
    void equalDrawsFromHalfTheBackoffToAllOfIt() {
        LongSummaryStatistics drawn = draws(BackoffJitter.EQUAL);

        assertThat(drawn.getMin()).isBetween(500L, 550L);
        assertThat(drawn.getMax()).isBetween(950L, 1000L);
        assertThat(drawn.getAverage()).isBetween(700.0, 800.0);
    }

    @Test
    void aBackoffTooShortToSpreadIsKept() {
        assertThat(BackoffJitter.FULL.spread(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThat(BackoffJitter.EQUAL.spread(Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    private static LongSummaryStatistics draws(BackoffJitter jitter) {
        return IntStream.range(0, DRAWS).mapToLong(_ -> jitter.spread(BACKOFF).toMillis()).summaryStatistics();
    }
}
