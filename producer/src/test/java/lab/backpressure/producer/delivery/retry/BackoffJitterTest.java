package lab.backpressure.producer.delivery.retry;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** full draws from [0, b], equal from [b/2, b]: each reaches both ends of its range and centres in it. */
    @ParameterizedTest(name = "{0}: from {1} ms to the whole backoff, {3} ms on average")
    @CsvSource({"FULL, 0, 50, 500", "EQUAL, 500, 550, 750"})
    void drawsFromItsLowestToTheWholeBackoffAndUsesAllOfIt(BackoffJitter jitter, long lowest, long lowestSeen,
                                                           double mean) {
        LongSummaryStatistics drawn = draws(jitter);

        assertThat(drawn.getMin()).isBetween(lowest, lowestSeen);
        assertThat(drawn.getMax()).isBetween(950L, 1000L);
        assertThat(drawn.getAverage()).isBetween(mean - 50, mean + 50);
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
